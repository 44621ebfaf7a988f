import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { missingBearer, unknownApiKey } from '@herald/http-api';
import { hashApiKey } from './api-key.js';
import { looksLikeJwt, PortalTokens } from './portal-token.js';
import { RegistryView } from '@herald/registry-view';
import { bearerToken, type RequestWithPrincipal, type TenantPrincipal } from './principal.js';
import { authorize } from './route-permission.js';

/**
 * The principal of a portal session token, or null when the bearer is not
 * shaped like one (then it is an API key or admin token). A JWT-shaped bearer
 * that does not verify is a 401 (`invalid_portal_token`, or
 * `portal_session_expired`).
 */
export async function portalPrincipal(
  tokens: PortalTokens | undefined,
  token: string,
): Promise<TenantPrincipal | null> {
  if (!looksLikeJwt(token)) return null;
  const claims = await (tokens ?? new PortalTokens(undefined)).verify(token);
  return {
    tenantId: claims.tenantId,
    keyId: `portal:${claims.sessionId}`,
    role: claims.role,
    via: 'portal',
  };
}

/**
 * The tenant API's authentication, wherever the keys are looked up: a portal
 * session token is accepted as its tenant and role while its tenant exists;
 * any other bearer must be a live API key. The principal is attached to the
 * request (so `@Principal()` works) once its role passes the route's
 * `@RequirePermission`. Missing bearer, unknown key or tenant → 401; a role
 * without the permission → 403.
 */
export abstract class TenantBearerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly portal: PortalTokens | undefined,
  ) {}

  /** Whether the tenant of a portal session still exists. */
  protected abstract tenantExists(tenantId: string): boolean | Promise<boolean>;

  /** The principal of the live API key whose SHA-256 is `hash`, or null. */
  protected abstract keyPrincipal(
    hash: string,
  ): TenantPrincipal | null | Promise<TenantPrincipal | null>;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const session = await portalPrincipal(this.portal, token);
    const principal = session
      ? (await this.tenantExists(session.tenantId))
        ? session
        : null
      : await this.keyPrincipal(hashApiKey(token));
    if (!principal) throw unknownApiKey();
    authorize(this.reflector, context, principal);
    request.principal = principal;
    return true;
  }
}

/**
 * Authenticates `Authorization: Bearer <api key>` against the registry's read
 * model — or a portal session token (see `PortalTokens`) — attaches the
 * tenant to the request, and checks the role against the route's
 * `@RequirePermission`. Unknown or revoked keys get 401, a role without the
 * permission 403.
 */
@Injectable()
export class ApiKeyGuard extends TenantBearerGuard {
  constructor(
    private readonly registry: RegistryView,
    reflector: Reflector,
    @Optional() portal?: PortalTokens,
  ) {
    super(reflector, portal);
  }

  protected tenantExists(tenantId: string): boolean {
    return this.registry.tenant(tenantId) !== undefined;
  }

  protected keyPrincipal(hash: string): TenantPrincipal | null {
    const key = this.registry.apiKey(hash);
    if (!key || !this.registry.tenant(key.tenantId)) return null;
    return { tenantId: key.tenantId, keyId: key.keyId, role: key.role };
  }
}
