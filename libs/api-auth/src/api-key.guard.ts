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
 * Authenticates `Authorization: Bearer <api key>` against the registry's read
 * model — or a portal session token (see `PortalTokens`) — attaches the
 * tenant to the request, and checks the role against the route's
 * `@RequirePermission`. Unknown or revoked keys get 401, a role without the
 * permission 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly registry: RegistryView,
    private readonly reflector: Reflector,
    @Optional() private readonly portal?: PortalTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const session = await portalPrincipal(this.portal, token);
    if (session) {
      if (!this.registry.tenant(session.tenantId)) throw unknownApiKey();
      authorize(this.reflector, context, session);
      request.principal = session;
      return true;
    }
    const key = this.registry.apiKey(hashApiKey(token));
    if (!key || !this.registry.tenant(key.tenantId)) {
      throw unknownApiKey();
    }
    const principal = { tenantId: key.tenantId, keyId: key.keyId, role: key.role };
    authorize(this.reflector, context, principal);
    request.principal = principal;
    return true;
  }
}
