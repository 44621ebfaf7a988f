import { applyDecorators, SetMetadata } from '@nestjs/common';
import { apiKeyRoles, type ApiKeyRole } from '@herald/contracts';
import { ApiKeyAuth, forbidden } from '@herald/http-api';

/**
 * What an API key may do, by role — the one authorization table of every
 * service. Each tenant route declares the permission it needs with
 * `@RequirePermission(...)`; the API-key guards refuse a route that declares
 * none (fail closed), so a new route cannot ship unprotected.
 *
 * - `admin`: everything in its tenant.
 * - `configurator`: manage endpoints (and their secrets), send tests, replay.
 * - `viewer`: read only (never secrets).
 * - `publisher`: publish events, nothing else — the key a product service holds.
 */
export const ROLE_PERMISSIONS = {
  /** Read endpoints, event types, settings, messages, attempts, dead letters. */
  read: ['admin', 'configurator', 'viewer'],
  /** Who the key is (`GET /v1/me`). */
  identity: ['admin', 'configurator', 'viewer', 'publisher'],
  'endpoints:write': ['admin', 'configurator'],
  /** Reveal or rotate an endpoint's signing secret. */
  'secrets:manage': ['admin', 'configurator'],
  'endpoints:test': ['admin', 'configurator'],
  /** Resend, replay, recover. */
  'deliveries:replay': ['admin', 'configurator'],
  'events:publish': ['admin', 'publisher'],
  'event-types:write': ['admin'],
  'settings:write': ['admin'],
  'api-keys:manage': ['admin'],
} as const satisfies Record<string, readonly ApiKeyRole[]>;

export type Permission = keyof typeof ROLE_PERMISSIONS;

export function roleAllows(role: ApiKeyRole, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[permission] as readonly ApiKeyRole[]).includes(role);
}

export const PERMISSION_METADATA = 'herald:permission';

/** The 403 a key whose role lacks the permission gets. */
export const roleRefused = (role: ApiKeyRole, permission: Permission) =>
  forbidden(`an API key with role "${role}" may not do this (needs ${permission})`);

/**
 * Declares the permission a tenant route needs (on the handler, or on the
 * controller for all): the API-key guards enforce it, and the OpenAPI
 * document lists the roles it allows (`x-herald-roles`) and the 403.
 */
export function RequirePermission(permission: Permission): MethodDecorator & ClassDecorator {
  const roles: readonly ApiKeyRole[] = ROLE_PERMISSIONS[permission];
  const refused = apiKeyRoles.find((role) => !roles.includes(role));
  return applyDecorators(
    SetMetadata(PERMISSION_METADATA, permission),
    ApiKeyAuth(refused ? { roles, refusal: roleRefused(refused, permission) } : { roles }),
  );
}
