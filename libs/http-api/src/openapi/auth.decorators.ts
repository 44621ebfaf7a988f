import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiSecurity, type SecuritySchemeObject } from '@nestjs/swagger';
import { apiKeyRoles, type ApiKeyRole } from '@herald/contracts';
import { missingBearer, unauthorized, unknownApiKey, type ApiError } from '../api-error.js';
import { ApiErrors } from './api-errors.decorator.js';

/**
 * How the REST API authenticates, for the OpenAPI documents. Both schemes
 * are `Authorization: Bearer`; what differs is whose credential it is.
 */
export const ADMIN_TOKEN_SCHEME = 'adminToken';
export const API_KEY_SCHEME = 'apiKey';

/** Operation extension listing the API-key roles a route accepts. */
export const ROLES_EXTENSION = 'x-herald-roles';

const ROLE_DUTIES: Record<ApiKeyRole, string> = {
  admin: 'everything in the tenant',
  configurator: 'manage endpoints, send tests, resend and replay',
  viewer: 'read only (never secrets)',
  publisher: 'publish events, nothing else',
};

export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  [ADMIN_TOKEN_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    description:
      "The platform operator's token, the registry's `HERALD_ADMIN_TOKEN`. It manages " +
      'tenants and is not a tenant API key: tenant routes refuse it.',
  },
  [API_KEY_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'hrld_<43 base64url characters>',
    description:
      'A tenant API key (`POST /v1/tenants` returns the first one, role `admin`). Every ' +
      "request is scoped to the key's tenant: another tenant's ids answer 404, never data. " +
      'Roles: ' +
      apiKeyRoles.map((role) => `\`${role}\` — ${ROLE_DUTIES[role]}`).join('; ') +
      `. The roles each operation accepts are listed in its \`${ROLES_EXTENSION}\`; that ` +
      'list is what the code enforces.',
  },
};

/** Operator routes: the admin token, else 401. */
export const AdminTokenAuth = () =>
  applyDecorators(
    ApiSecurity(ADMIN_TOKEN_SCHEME),
    ApiErrors(
      { error: missingBearer('admin token'), when: 'no admin token', name: 'missing_token' },
      {
        error: unauthorized('wrong admin token'),
        when: 'a wrong admin token',
        name: 'wrong_token',
      },
    ),
  );

/**
 * Tenant routes: an API key with one of `roles`, else 401 (no or unknown
 * key) or 403 (`refusal`, the error the route throws for a weaker role).
 */
export function ApiKeyAuth(options: { roles: readonly ApiKeyRole[]; refusal?: ApiError }) {
  const { roles, refusal } = options;
  const narrower = apiKeyRoles.some((role) => !roles.includes(role));
  if (narrower && !refusal) throw new Error('ApiKeyAuth: a route that refuses roles needs refusal');
  return applyDecorators(
    ApiSecurity(API_KEY_SCHEME),
    ApiExtension(ROLES_EXTENSION, [...roles]),
    ApiErrors(
      { error: missingBearer('api key'), when: 'no API key', name: 'missing_key' },
      { error: unknownApiKey(), when: 'an unknown or revoked API key', name: 'unknown_key' },
      ...(narrower && refusal
        ? [{ error: refusal, when: `the key's role is not one of: ${roles.join(', ')}` }]
        : []),
    ),
  );
}

/** Every role may call the route. */
export const ANY_ROLE: readonly ApiKeyRole[] = apiKeyRoles;
