import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { notFound } from '@herald/http-api';
import { generateApiKey, hashApiKey } from '@herald/registry-view';
import { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { isUuid } from '../uuid.js';
import { TenantEntity } from './tenant.entity.js';
import type { CreatedTenant, TenantResponse } from './tenant.response.js';

/** Characters of a key kept in clear for display (`hrld_` + 7). */
export const API_KEY_DISPLAY_PREFIX = 12;

const toResponse = (row: TenantEntity): TenantResponse => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

/**
 * Tenants and their first API key. A tenant and its key are committed in one
 * transaction, then published (tenant first, so a reader that finds the key
 * also finds its tenant). The key is returned once and stored only hashed.
 */
@Injectable()
export class TenantsService {
  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
  ) {}

  async create(name: string): Promise<CreatedTenant> {
    const apiKey = generateApiKey();
    const now = new Date();
    const tenant: TenantEntity = { id: randomUUID(), name, createdAt: now };
    const key: ApiKeyEntity = {
      id: randomUUID(),
      tenantId: tenant.id,
      role: 'admin',
      prefix: apiKey.slice(0, API_KEY_DISPLAY_PREFIX),
      hash: hashApiKey(apiKey),
      createdAt: now,
      revokedAt: null,
    };
    await this.db.transaction(async (manager) => {
      await manager.insert(TenantEntity, tenant);
      await manager.insert(ApiKeyEntity, key);
    });
    await this.sync.published([REGISTRY_KEYS.tenant(tenant.id), REGISTRY_KEYS.apiKey(key.hash)]);
    return { ...toResponse(tenant), apiKey };
  }

  async list(): Promise<TenantResponse[]> {
    const rows = await this.db
      .getRepository(TenantEntity)
      .find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toResponse);
  }

  async get(id: string): Promise<TenantResponse> {
    const row = isUuid(id) ? await this.db.getRepository(TenantEntity).findOneBy({ id }) : null;
    if (!row) throw notFound('tenant');
    return toResponse(row);
  }
}
