import type { EndpointEntity } from '../entities/endpoint.entity.js';
import type { PatchEndpointInput } from './endpoint-input.js';

/**
 * What a create or patch body does to an endpoint row, as pure functions.
 *
 * - Body fields map to columns (`rateLimit` → `rateLimitPerSecond`,
 *   `retrySchedule` → `retryScheduleMs`); absent fields change nothing, null
 *   resets to the dispatcher's default.
 * - `enabled` drives the disable bookkeeping: disabling an enabled endpoint
 *   records reason `operator` and the time; disabling one that is already
 *   disabled keeps the first reason and time (so a repeated PATCH neither
 *   hides a 410 nor extends the hold of its messages); enabling clears both.
 */
export type EndpointStatus = Pick<EndpointEntity, 'enabled' | 'disabledReason' | 'disabledAt'>;

export const OPERATOR_REASON = 'operator';

export function statusAfter(
  current: EndpointStatus | null,
  enabled: boolean,
  now: Date,
): EndpointStatus {
  if (enabled) return { enabled: true, disabledReason: null, disabledAt: null };
  if (current && !current.enabled && current.disabledReason !== null) {
    return {
      enabled: false,
      disabledReason: current.disabledReason,
      disabledAt: current.disabledAt ?? now,
    };
  }
  return { enabled: false, disabledReason: OPERATOR_REASON, disabledAt: now };
}

/** The columns a body sets, except the status (see `statusAfter`). */
export function settingColumns(input: PatchEndpointInput): Partial<EndpointEntity> {
  const { rateLimit, retrySchedule, ...same } = input;
  delete same.enabled;
  const columns: Partial<EndpointEntity> = {
    ...same,
    rateLimitPerSecond: rateLimit,
    retryScheduleMs: retrySchedule,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}
