import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { missingBearer, unknownApiKey } from '@herald/http-api';
import { bearerToken, hashApiKey, type RequestWithPrincipal } from '@herald/registry-view';
import { ApiKeyEntity } from './api-key.entity.js';

/**
 * Authenticates `Authorization: Bearer <api key>` against the registry's own
 * `api_keys` table, not the KV read model: the registry owns the keys, and a
 * key must work the moment `POST /v1/tenants` has returned it. Sets the same
 * request principal as `@herald/registry-view`'s guard, so `@Principal()` works.
 * Missing, unknown or revoked keys → 401.
 */
@Injectable()
export class TenantKeyGuard implements CanActivate {
  constructor(private readonly db: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = bearerToken(request.headers);
    if (!token) throw missingBearer('api key');
    const key = await this.db
      .getRepository(ApiKeyEntity)
      .findOneBy({ hash: hashApiKey(token), revokedAt: IsNull() });
    if (!key) throw unknownApiKey();
    request.principal = { tenantId: key.tenantId, keyId: key.id, role: key.role };
    return true;
  }
}
