import type { Admission } from '../admission/admission.js';

/**
 * Why a task is parked: the admission deferral that sent it here, an open
 * breaker, or `backlog` — refused because its tenant's share of the replica
 * (or its endpoint's mailbox) was full; released when the tenant has room.
 */
export type ParkReason =
  'not_before' | 'endpoint_paused' | 'endpoint_disabled' | 'breaker_open' | 'backlog';

type Deferral = Extract<Admission, { action: 'defer' }>;

/**
 * Whether a deferred task waits in the parking lot (Postgres) instead of as an
 * unacknowledged JetStream message, as a pure decision: a disabled endpoint's
 * held task always parks (its wait has no known end short of the hold); a
 * late retry or a paused endpoint's task parks when the wait is longer than
 * `parkAfterMs`; a deferred task — a paused endpoint's, or one held back by
 * an open breaker — parks when its wait is longer than `deferredAfterMs`
 * (shorter: such waits must not pin the consumer's shared ack budget); short
 * waits, and waits with no known end, like an unknown endpoint, stay in
 * JetStream. (Tasks refused for a full mailbox or tenant share are parked by
 * the handler itself, as `backlog`.)
 */
export function parkingFor(
  deferral: Deferral,
  parkAfterMs: number,
  deferredAfterMs = parkAfterMs,
): { reason: ParkReason; dueAtMs: number } | null {
  if (deferral.untilMs === undefined) return null;
  switch (deferral.reason) {
    case 'endpoint_disabled':
      return { reason: deferral.reason, dueAtMs: deferral.untilMs };
    case 'not_before':
      if (deferral.delayMs <= parkAfterMs) return null;
      return { reason: deferral.reason, dueAtMs: deferral.untilMs };
    case 'endpoint_paused':
    case 'breaker_open':
      if (deferral.delayMs <= Math.min(parkAfterMs, deferredAfterMs)) return null;
      return { reason: deferral.reason, dueAtMs: deferral.untilMs };
    case 'endpoint_unknown':
    case 'mailbox_full':
    case 'tenant_full':
    case 'shutting_down':
      return null;
  }
}
