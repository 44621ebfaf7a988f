import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { enforceQuota, QUOTA_RESOURCES, type QuotaResource } from '@herald/tenant-limits';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { EventTypeEntity } from '../entities/event-type.entity.js';

/**
 * The registry's per-tenant quotas (`HERALD_QUOTA_*`), checked inside the
 * creating transaction (see `enforceQuota`: serialised per tenant across
 * replicas). Every route that creates something a tenant owns calls one of
 * these before its insert; `check` serves resources counted elsewhere (NATS
 * credentials).
 */
@Injectable()
export class TenantQuotas {
  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  /** Throws `QuotaExceededError` (409 `quota_exceeded`) when `adding` more would exceed it. */
  check(
    manager: EntityManager,
    tenantId: string,
    resource: QuotaResource,
    count: () => Promise<number>,
    adding = 1,
  ): Promise<void> {
    const limit = this.config[QUOTA_RESOURCES[resource]];
    return enforceQuota(manager, tenantId, resource, limit, count, adding);
  }

  endpoints(manager: EntityManager, tenantId: string): Promise<void> {
    return this.check(manager, tenantId, 'endpoints', () =>
      manager.countBy(EndpointEntity, { tenantId }),
    );
  }

  apiKeys(manager: EntityManager, tenantId: string): Promise<void> {
    return this.check(manager, tenantId, 'apiKeys', () =>
      manager.countBy(ApiKeyEntity, { tenantId, revokedAt: IsNull() }),
    );
  }

  eventTypes(manager: EntityManager, tenantId: string, adding = 1): Promise<void> {
    return this.check(
      manager,
      tenantId,
      'eventTypes',
      () => manager.countBy(EventTypeEntity, { tenantId }),
      adding,
    );
  }
}
