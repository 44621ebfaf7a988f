import { z } from 'zod';
import { ApiError } from '@herald/http-api';

/** What a tenant may own, each capped by its own variable. */
export const QUOTA_RESOURCES = {
  endpoints: 'HERALD_QUOTA_ENDPOINTS',
  eventTypes: 'HERALD_QUOTA_EVENT_TYPES',
  alertDestinations: 'HERALD_QUOTA_ALERT_DESTINATIONS',
  apiKeys: 'HERALD_QUOTA_API_KEYS',
  natsCredentials: 'HERALD_QUOTA_NATS_CREDENTIALS',
} as const;
export type QuotaResource = keyof typeof QUOTA_RESOURCES;

const quotaVar = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * Per-tenant quotas, the same in every service that enforces one. Defaults
 * are generous for one product and small enough to stop a runaway script.
 */
export const quotaEnv = {
  /** Endpoints per tenant. */
  HERALD_QUOTA_ENDPOINTS: quotaVar(500),
  /** Event-type versions per tenant (each version counts). */
  HERALD_QUOTA_EVENT_TYPES: quotaVar(2_000),
  /** Alert destinations per tenant. */
  HERALD_QUOTA_ALERT_DESTINATIONS: quotaVar(20),
  /** Unrevoked API keys per tenant. */
  HERALD_QUOTA_API_KEYS: quotaVar(50),
  /** Unrevoked NATS producer credentials per tenant. */
  HERALD_QUOTA_NATS_CREDENTIALS: quotaVar(50),
};
export type QuotaConfig = { [K in (typeof QUOTA_RESOURCES)[QuotaResource]]: number };

/** 409 `quota_exceeded`: the tenant owns as many as it may; delete one first. */
export class QuotaExceededError extends ApiError {
  constructor(
    readonly resource: QuotaResource,
    readonly limit: number,
  ) {
    super(
      409,
      'quota_exceeded',
      `the tenant has reached its quota of ${limit} ${resource} (${QUOTA_RESOURCES[resource]})`,
      [{ field: resource, reason: `at most ${limit}` }],
    );
    this.name = 'QuotaExceededError';
  }
}

/** The part of a TypeORM EntityManager (or DataSource) the check needs. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Checks a tenant's quota inside the caller's transaction, before it inserts.
 * A transaction-scoped advisory lock per tenant and resource serialises
 * concurrent creations (on every replica, since they share Postgres), so
 * two requests cannot both take the last place. `count` runs under the lock
 * and returns how many the tenant owns now.
 */
export async function enforceQuota(
  manager: Queryable,
  tenantId: string,
  resource: QuotaResource,
  limit: number,
  count: () => Promise<number>,
  adding = 1,
): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `herald.quota.${resource}.${tenantId}`,
  ]);
  if ((await count()) + adding > limit) throw new QuotaExceededError(resource, limit);
}
