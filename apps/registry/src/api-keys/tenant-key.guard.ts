import { Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource, IsNull } from 'typeorm';
import { PortalTokens, TenantBearerGuard, type TenantPrincipal } from '@herald/api-auth';
import { TenantEntity } from '../entities/tenant.entity.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';

/**
 * Authenticates `Authorization: Bearer <api key>` against the registry's own
 * `api_keys` table, not the KV read model: the registry owns the keys, and a
 * key must work (or stop working, once revoked) the moment the call that
 * changed it has returned. Otherwise the same as `@herald/api-auth`'s
 * `ApiKeyGuard`: the same request principal, so `@Principal()` works, the
 * route's `@RequirePermission` checked the same way, and a portal session
 * token accepted as its tenant and role while its tenant exists. Missing,
 * unknown or revoked keys → 401; a role without the permission → 403.
 */
@Injectable()
export class TenantKeyGuard extends TenantBearerGuard {
  constructor(
    private readonly db: DataSource,
    reflector: Reflector,
    @Optional() portal?: PortalTokens,
  ) {
    super(reflector, portal);
  }

  protected tenantExists(tenantId: string): Promise<boolean> {
    return this.db.getRepository(TenantEntity).existsBy({ id: tenantId });
  }

  protected async keyPrincipal(hash: string): Promise<TenantPrincipal | null> {
    const key = await this.db.getRepository(ApiKeyEntity).findOneBy({ hash, revokedAt: IsNull() });
    return key && { tenantId: key.tenantId, keyId: key.id, role: key.role };
  }
}
