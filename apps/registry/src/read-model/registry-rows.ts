import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { CLOCK, type Clock } from '@herald/runtime';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { EventTypeEntity } from '../entities/event-type.entity.js';
import { TenantEntity } from '../entities/tenant.entity.js';
import { isUuid } from '../uuid.js';
import {
  apiKeyView,
  endpointView,
  eventTypeView,
  tenantView,
  type RegistryValue,
} from './views.js';

/**
 * What the read model should hold, read from Postgres (the source of truth):
 * one KV key per tenant, per unrevoked API key, per endpoint and per event
 * type version. Endpoint views depend on the time (an expired previous secret
 * is left out) and on their tenant (its default retry schedule).
 */
@Injectable()
export class RegistryRows {
  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The current view of one KV key, or null when it should not exist. */
  async viewOf(key: string): Promise<RegistryValue | null> {
    const dot = key.indexOf('.');
    const kind = key.slice(0, dot);
    const id = key.slice(dot + 1);
    switch (kind) {
      case 'tenant': {
        if (!isUuid(id)) return null;
        const row = await this.db.getRepository(TenantEntity).findOneBy({ id });
        return row && tenantView(row);
      }
      case 'apikey': {
        const row = await this.db
          .getRepository(ApiKeyEntity)
          .findOneBy({ hash: id, revokedAt: IsNull() });
        return row && apiKeyView(row);
      }
      case 'endpoint': {
        if (!isUuid(id)) return null;
        const row = await this.db.getRepository(EndpointEntity).findOneBy({ id });
        if (!row) return null;
        const tenant = await this.db.getRepository(TenantEntity).findOneBy({ id: row.tenantId });
        return endpointView(row, new Date(this.clock.now()), tenant?.retryScheduleMs ?? null);
      }
      case 'eventtype': {
        if (!isUuid(id)) return null;
        const row = await this.db.getRepository(EventTypeEntity).findOneBy({ id });
        return row && eventTypeView(row);
      }
      default:
        return null;
    }
  }

  /** Every view the read model should hold, by key. */
  async all(): Promise<Map<string, RegistryValue>> {
    const views = new Map<string, RegistryValue>();
    const tenantSchedules = new Map<string, number[] | null>();
    for (const row of await this.db.getRepository(TenantEntity).find()) {
      views.set(REGISTRY_KEYS.tenant(row.id), tenantView(row));
      tenantSchedules.set(row.id, row.retryScheduleMs);
    }
    const keys = await this.db.getRepository(ApiKeyEntity).findBy({ revokedAt: IsNull() });
    for (const row of keys) views.set(REGISTRY_KEYS.apiKey(row.hash), apiKeyView(row));
    const now = new Date(this.clock.now());
    for (const row of await this.db.getRepository(EndpointEntity).find()) {
      const schedule = tenantSchedules.get(row.tenantId) ?? null;
      views.set(REGISTRY_KEYS.endpoint(row.id), endpointView(row, now, schedule));
    }
    for (const row of await this.db.getRepository(EventTypeEntity).find()) {
      views.set(REGISTRY_KEYS.eventType(row.id), eventTypeView(row));
    }
    return views;
  }
}
