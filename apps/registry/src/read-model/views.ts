import type { ApiKeyView, EndpointView, EventTypeView, TenantView } from '@herald/contracts';
import type { ApiKeyEntity } from '../entities/api-key.entity.js';
import type { EndpointEntity } from '../entities/endpoint.entity.js';
import type { EventTypeEntity } from '../entities/event-type.entity.js';
import { livePreviousSecret } from '../entities/previous-secret.js';
import type { TenantEntity } from '../entities/tenant.entity.js';

/** A value of the registry KV bucket. */
export type RegistryValue = TenantView | ApiKeyView | EndpointView | EventTypeView;

/**
 * Rows → the views other services read (`@herald/contracts` registry-view).
 * Pure. An endpoint view signs with `secrets: [current]` plus `previousSecret`
 * while its grace period lasts at `now` (null once expired), and retries on
 * its own schedule, else its tenant's default (`tenantRetryScheduleMs`).
 */
export const tenantView = (row: TenantEntity): TenantView => ({ id: row.id, name: row.name });

export const apiKeyView = (row: ApiKeyEntity): ApiKeyView => ({
  keyId: row.id,
  tenantId: row.tenantId,
  role: row.role,
});

export const endpointView = (
  row: EndpointEntity,
  now: Date,
  tenantRetryScheduleMs: number[] | null = null,
): EndpointView => ({
  id: row.id,
  tenantId: row.tenantId,
  url: row.url,
  eventTypes: row.eventTypes,
  channels: row.channels,
  enabled: row.enabled,
  secrets: [row.secret],
  headers: row.headers,
  payloadFilter: row.payloadFilter as Record<string, unknown> | null,
  timeoutMs: row.timeoutMs,
  previousSecret: livePreviousSecret(row, now),
  concurrency: row.concurrency,
  rateLimitPerSecond: row.rateLimitPerSecond,
  retryScheduleMs: row.retryScheduleMs ?? tenantRetryScheduleMs,
  disabledReason: row.disabledReason,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  updatedAt: row.updatedAt.toISOString(),
});

export const eventTypeView = (row: EventTypeEntity): EventTypeView => ({
  id: row.id,
  tenantId: row.tenantId,
  name: row.name,
  version: row.version,
  archived: row.archived,
  schema: (row.schema ?? null) as EventTypeView['schema'],
  envelope: row.envelope,
  updatedAt: row.updatedAt.toISOString(),
});
