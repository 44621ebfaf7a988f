import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource, IsNull } from 'typeorm';
import { missingBearer, unknownApiKey } from '@herald/http-api';
import {
  authorize,
  bearerToken,
  hashApiKey,
  portalPrincipal,
  PortalTokens,
  type RequestWithPrincipal,
} from '@herald/api-auth';
import { TenantEntity } from '../entities/tenant.entity.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';

/**
 * Authenticates `Authorization: Bearer <api key>` against the registry's own
 * `api_keys` table, not the KV read model: the registry owns the keys, and a
 * key must work (or stop working, once revoked) the moment the call that
 * changed it has returned. Sets the same request principal as
 * `@herald/registry-view`'s guard, so `@Principal()` works, and checks the
 * route's `@RequirePermission` the same way. A portal session token is
 * accepted as its tenant and role while its tenant exists. Missing, unknown
 * or revoked keys → 401; a role without the permission → 403.
 */
@Injectable()
export class TenantKeyGuard implements CanActivate {
  constructor(
    private readonly db: DataSource,
    private readonly reflector: Reflector,
    @Optional() private readonly portal?: PortalTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const session = await portalPrincipal(this.portal, token);
    if (session) {
      const tenant = await this.db.getRepository(TenantEntity).existsBy({ id: session.tenantId });
      if (!tenant) throw unknownApiKey();
      authorize(this.reflector, context, session);
      request.principal = session;
      return true;
    }
    const key = await this.db
      .getRepository(ApiKeyEntity)
      .findOneBy({ hash: hashApiKey(token), revokedAt: IsNull() });
    if (!key) throw unknownApiKey();
    const principal = { tenantId: key.tenantId, keyId: key.id, role: key.role };
    authorize(this.reflector, context, principal);
    request.principal = principal;
    return true;
  }
}
