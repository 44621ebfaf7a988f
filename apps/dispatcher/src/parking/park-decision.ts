import type { Admission } from '../delivery/admission.js';
import type { ParkReason } from './parking-lot.js';

type Deferral = Extract<Admission, { action: 'defer' }>;

/**
 * Whether a deferred task waits in the parking lot (Postgres) instead of as an
 * unacknowledged JetStream message, as a pure decision: a disabled endpoint's
 * held task always parks (its wait has no known end short of the hold); a
 * late retry or a paused endpoint's task parks when the wait is longer than
 * `parkAfterMs`; short waits — and waits with no known end, like an open
 * breaker or an unknown endpoint — stay in JetStream.
 */
export function parkingFor(
  deferral: Deferral,
  parkAfterMs: number,
): { reason: ParkReason; dueAtMs: number } | null {
  if (deferral.untilMs === undefined) return null;
  switch (deferral.reason) {
    case 'endpoint_disabled':
      return { reason: deferral.reason, dueAtMs: deferral.untilMs };
    case 'not_before':
    case 'endpoint_paused':
      if (deferral.delayMs <= parkAfterMs) return null;
      return { reason: deferral.reason, dueAtMs: deferral.untilMs };
    case 'breaker_open':
    case 'endpoint_unknown':
    case 'mailbox_full':
    case 'shutting_down':
      return null;
  }
}
