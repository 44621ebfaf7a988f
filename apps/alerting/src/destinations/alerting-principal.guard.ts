import {
  createParamDecorator,
  Inject,
  Injectable,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRole } from '@herald/contracts';
import { Reflector } from '@nestjs/core';
import { missingBearer, unknownApiKey } from '@herald/http-api';
import { RegistryView } from '@herald/registry-view';
import {
  authorize,
  bearerToken,
  hashApiKey,
  portalPrincipal,
  PortalTokens,
} from '@herald/api-auth';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import type { Owner } from './destination.store.js';

/** Who called: a tenant (by API key, with its role) or the platform's operators (admin token). */
export type Caller = Owner & { role: ApiKeyRole };

type RequestWithCaller = {
  headers: Record<string, unknown>;
  caller?: Caller;
  /** The API key, for the per-key request rate (`ApiRateLimitInterceptor`). */
  principal?: { keyId: string };
};

/** Constant-time comparison of two secrets, hashed first so length does not show either. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `Authorization: Bearer <token>`: `HERALD_ADMIN_TOKEN` makes the caller the
 * platform's operators (they may do everything to their own destination); a
 * tenant API key makes it that tenant, and its role must have the route's
 * `@RequirePermission` (else 403; a route without one is refused); so does a
 * portal session token, as its tenant and role. Anything else is 401.
 */
@Injectable()
export class AlertingPrincipalGuard implements CanActivate {
  constructor(
    private readonly registry: RegistryView,
    private readonly reflector: Reflector,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Optional() private readonly portal?: PortalTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const admin = this.config.HERALD_ADMIN_TOKEN;
    if (admin !== undefined && sameSecret(token, admin)) {
      request.caller = { scope: 'operator', role: 'admin' };
      return true;
    }
    const session = await portalPrincipal(this.portal, token);
    if (session) {
      if (!this.registry.tenant(session.tenantId)) throw unknownApiKey();
      authorize(this.reflector, context, session);
      request.caller = { scope: 'tenant', tenantId: session.tenantId, role: session.role };
      request.principal = { keyId: session.keyId };
      return true;
    }
    const key = this.registry.apiKey(hashApiKey(token));
    if (!key || !this.registry.tenant(key.tenantId)) {
      throw unknownApiKey();
    }
    authorize(this.reflector, context, {
      tenantId: key.tenantId,
      keyId: key.keyId,
      role: key.role,
    });
    request.caller = { scope: 'tenant', tenantId: key.tenantId, role: key.role };
    request.principal = { keyId: key.keyId };
    return true;
  }
}

/** The caller of a route guarded by `AlertingPrincipalGuard`. */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('CallerOf used on a route without AlertingPrincipalGuard');
  return caller;
});
