import { Body, Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import {
  ApiError,
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  parseInput,
  validationFailed,
} from '@herald/http-api';
import { PortalTokens } from '@herald/api-auth';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { createPortalSessionSchema, portalSessionSchema } from './portal-input.js';
import { PortalSessionGuard, type RequestWithOperator } from './portal-session.guard.js';
import { PortalService } from './portal.service.js';
import { TenantOperation } from '../api-keys/tenant-api.decorator.js';

export const portalNotConfigured = () =>
  new ApiError(
    503,
    'portal_not_configured',
    'the portal is not configured: set HERALD_PORTAL_SIGNING_KEY on every service',
  );

type HttpRequest = RequestWithOperator & { protocol?: string };

/** The address the portal is served at: `HERALD_PUBLIC_URL`, else what the gateway forwarded. */
function portalBase(config: RegistryConfig, request: HttpRequest): string {
  if (config.HERALD_PUBLIC_URL) return config.HERALD_PUBLIC_URL.replace(/\/+$/, '');
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value.split(',')[0]!.trim() : undefined;
  };
  const proto = header('x-forwarded-proto') ?? request.protocol ?? 'http';
  const host = header('x-forwarded-host') ?? header('host') ?? '127.0.0.1';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

/**
 * `POST /v1/portal-sessions` → a short-lived link to the tenant portal: a
 * signed token scoped to one tenant and role, expiring after `expiresIn`
 * seconds. 503 `portal_not_configured` without `HERALD_PORTAL_SIGNING_KEY`.
 */
@Controller('v1/portal-sessions')
@UseGuards(PortalSessionGuard)
@ApiTags('portal')
export class PortalSessionsController {
  constructor(
    private readonly portal: PortalService,
    private readonly tokens: PortalTokens,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiSecurity('adminToken')
  @TenantOperation(
    'api-keys:manage',
    'createPortalSession',
    'Create a link to the tenant portal',
    'With a tenant admin key (its own tenant) or the admin token (name `tenantId`). ' +
      'The URL carries a signed token that expires; the portal never holds an API key.',
  )
  @ApiResponse({ status: 201, standardSchema: portalSessionSchema, description: 'the link' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(createPortalSessionSchema, { expiresIn: 999_999 }),
    { error: notFound('tenant'), when: 'the admin token names a tenant that does not exist' },
    { error: portalNotConfigured(), when: 'HERALD_PORTAL_SIGNING_KEY is not set' },
  )
  async create(
    @Req() request: HttpRequest,
    @Body({ schema: createPortalSessionSchema }) body: unknown,
  ) {
    if (!this.tokens.configured) throw portalNotConfigured();
    const input = parseInput(createPortalSessionSchema, body);
    let tenantId: string;
    if (request.operator) {
      if (!input.tenantId) {
        throw validationFailed(
          [{ field: 'tenantId', reason: 'is required with the admin token' }],
          'request is invalid',
        );
      }
      tenantId = input.tenantId;
    } else {
      tenantId = request.principal!.tenantId;
      if (input.tenantId && input.tenantId !== tenantId) throw notFound('tenant');
    }
    const session = await this.portal.createSession(tenantId, input.role, input.expiresIn);
    const query = new URLSearchParams({ token: session.token });
    if (input.locale) query.set('lang', input.locale);
    return { url: `${portalBase(this.config, request)}/portal/?${query.toString()}`, ...session };
  }
}
