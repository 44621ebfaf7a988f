import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { notFound } from '@herald/http-api';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { newApiKey } from '../api-keys/api-keys.service.js';
import { CLOCK, type Clock } from '@herald/runtime';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { isUuid } from '../uuid.js';
import { TenantEntity } from '../entities/tenant.entity.js';
import {
  DEFAULT_MAX_URL_LENGTH,
  settingColumns,
  settingsConflicts,
  settingsOf,
  type SettingsInput,
} from './tenant-settings.js';
import type { CreatedTenant, TenantResponse } from './tenant.response.js';
import { settingsConflictError } from './settings.errors.js';

export { API_KEY_DISPLAY_PREFIX } from '../api-keys/api-keys.service.js';

const toResponse = (row: TenantEntity): TenantResponse => ({
  id: row.id,
  name: row.name,
  settings: settingsOf(row),
  createdAt: row.createdAt.toISOString(),
});

/**
 * Tenants, their settings and their first API key. A tenant and its key are
 * committed in one transaction, then published (tenant first, so a reader
 * that finds the key also finds its tenant). The key is returned once and
 * stored only hashed. A settings change is checked against the tenant's
 * endpoints (409 when it would break one) and, when it moves the default
 * retry schedule, republishes every endpoint of the tenant.
 */
@Injectable()
export class TenantsService {
  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(name: string, settings: SettingsInput = {}): Promise<CreatedTenant> {
    const now = new Date(this.clock.now());
    const tenant: TenantEntity = {
      id: randomUUID(),
      name,
      httpsOnly: false,
      maxUrlLength: DEFAULT_MAX_URL_LENGTH,
      uniqueChannelEndpoint: false,
      retryScheduleMs: null,
      ...settingColumns(settings),
      createdAt: now,
      updatedAt: now,
    };
    const { row: key, key: apiKey } = newApiKey(tenant.id, 'admin', 'initial admin key', now);
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

  async update(
    id: string,
    patch: { name?: string; settings?: SettingsInput },
  ): Promise<TenantResponse> {
    if (!isUuid(id)) throw notFound('tenant');
    const columns: Partial<TenantEntity> = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...settingColumns(patch.settings ?? {}),
    };
    const result = await this.db.transaction(async (manager) => {
      const current = await manager.findOne(TenantEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) return null;
      const updated: TenantEntity = {
        ...current,
        ...columns,
        updatedAt: new Date(this.clock.now()),
      };
      const endpoints = await manager.find(EndpointEntity, {
        where: { tenantId: id },
        select: { id: true, url: true, channels: true },
      });
      const conflicts = settingsConflicts(updated, endpoints);
      if (conflicts.length > 0) {
        throw settingsConflictError(conflicts);
      }
      await manager.update(TenantEntity, { id }, { ...columns, updatedAt: updated.updatedAt });
      return { updated, endpointIds: endpoints.map((e) => e.id) };
    });
    if (!result) throw notFound('tenant');
    const keys = [REGISTRY_KEYS.tenant(id)];
    if (columns.retryScheduleMs !== undefined)
      keys.push(...result.endpointIds.map(REGISTRY_KEYS.endpoint));
    await this.sync.published(keys);
    return toResponse(result.updated);
  }
}
