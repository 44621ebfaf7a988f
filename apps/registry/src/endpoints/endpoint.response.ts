import type { EndpointEntity } from './endpoint.entity.js';
import { formatDuration } from './retry-schedule.js';

/**
 * An endpoint as the REST API shows it: never with its secret (see `/secret`).
 * `retrySchedule` is shown in the normal form of `formatDuration` (`90s`,
 * `10m`, `2h`), whatever spelling it was given in.
 */
export interface EndpointResponse {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  channels: string[];
  enabled: boolean;
  /** `operator` or the dispatcher's reason (`endpoint_gone`) while disabled, else null. */
  disabledReason: string | null;
  disabledAt: string | null;
  headers: Record<string, string>;
  payloadFilter: Record<string, unknown> | null;
  metadata: Record<string, string>;
  timeoutMs: number | null;
  concurrency: number | null;
  /** Requests per second. */
  rateLimit: number | null;
  retrySchedule: string[] | null;
  createdAt: string;
  updatedAt: string;
}

export const toEndpointResponse = (row: EndpointEntity): EndpointResponse => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  channels: row.channels,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  headers: row.headers,
  payloadFilter: row.payloadFilter as Record<string, unknown> | null,
  metadata: row.metadata,
  timeoutMs: row.timeoutMs,
  concurrency: row.concurrency,
  rateLimit: row.rateLimitPerSecond,
  retrySchedule: row.retryScheduleMs?.map(formatDuration) ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
