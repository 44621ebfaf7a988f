import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { REGISTRY_KEYS, type ApiKeyRole } from '@herald/contracts';
import { ApiError, notFound } from '@herald/http-api';
import type { ApiKeyResponse } from './api-key.response.js';
import { generateApiKey, hashApiKey } from '@herald/api-auth';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { TenantEntity } from '../entities/tenant.entity.js';
import { isUuid } from '../uuid.js';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { TenantQuotas } from '../quotas/tenant-quotas.js';

/** 409: revoking would leave the tenant without an active admin key. */
export const lastAdminKey = () =>
  new ApiError(
    409,
    'last_admin_key',
    'this is the tenant’s last active admin key; create another admin key first',
  );

/** Characters of a key kept in clear for display (`hrld_` + 7). */
export const API_KEY_DISPLAY_PREFIX = 12;

export const toApiKeyResponse = (row: ApiKeyEntity): ApiKeyResponse => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** A fresh key row and the key itself (shown once, stored only as SHA-256). */
export function newApiKey(
  tenantId: string,
  role: ApiKeyRole,
  name: string | null,
  now: Date,
): { row: ApiKeyEntity; key: string } {
  const key = generateApiKey();
  return {
    key,
    row: {
      id: randomUUID(),
      tenantId,
      role,
      name,
      prefix: key.slice(0, API_KEY_DISPLAY_PREFIX),
      hash: hashApiKey(key),
      createdAt: now,
      revokedAt: null,
    },
  };
}

/**
 * A tenant's API keys: list (prefix only), create (the key is returned once),
 * revoke. Revoking the tenant's last active admin key is refused (409), so a
 * tenant cannot lock itself out; the platform admin can always mint a new
 * key (`POST /v1/tenants/:id/api-keys`). Every change reaches the read model
 * (a revoked key is deleted from it) before the call returns.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
    private readonly quotas: TenantQuotas,
  ) {}

  async list(tenantId: string, includeRevoked: boolean): Promise<ApiKeyResponse[]> {
    const rows = await this.db.getRepository(ApiKeyEntity).find({
      where: includeRevoked ? { tenantId } : { tenantId, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toApiKeyResponse);
  }

  async create(
    tenantId: string,
    role: ApiKeyRole,
    name: string | null,
  ): Promise<ApiKeyResponse & { key: string }> {
    const { row, key } = newApiKey(tenantId, role, name, new Date());
    const inserted = await this.db.transaction(async (manager) => {
      if (!(await manager.existsBy(TenantEntity, { id: tenantId }))) return false;
      await this.quotas.apiKeys(manager, tenantId);
      await manager.insert(ApiKeyEntity, row);
      return true;
    });
    if (!inserted) throw notFound('tenant');
    await this.sync.published([REGISTRY_KEYS.apiKey(row.hash)]);
    return { ...toApiKeyResponse(row), key };
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('API key');
    const hash = await this.db.transaction(async (manager) => {
      await lockTenant(manager, tenantId);
      const row = await manager.findOneBy(ApiKeyEntity, { id, tenantId });
      if (!row) throw notFound('API key');
      if (row.revokedAt !== null) return row.hash;
      if (row.role === 'admin') {
        const admins = await manager.countBy(ApiKeyEntity, {
          tenantId,
          role: 'admin',
          revokedAt: IsNull(),
        });
        if (admins <= 1) {
          throw lastAdminKey();
        }
      }
      await manager.update(ApiKeyEntity, { id }, { revokedAt: new Date() });
      return row.hash;
    });
    await this.sync.published([REGISTRY_KEYS.apiKey(hash)]);
  }
}

/** Serialises key changes of one tenant (the last-admin rule reads, then writes). */
async function lockTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.findOne(TenantEntity, {
    where: { id: tenantId },
    lock: { mode: 'pessimistic_write' },
  });
}
