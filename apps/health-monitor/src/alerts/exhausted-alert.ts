import type { AlertSignal, AttemptOutcome } from '@herald/contracts';
import { alertIdFor } from './alert-id.js';
import { aboutDelivery } from './alert-url.js';

/**
 * The `delivery.exhausted` signal for a final failed attempt; null for any
 * other outcome. Pure. Its id is derived from (kind, message, endpoint), so
 * whichever attempt row reports the exhaustion, the alert is the same.
 * A 410 (`endpoint_gone`) is final too, but it did not exhaust a schedule:
 * its alert is `endpoint.disabled` (see disabled-alert.ts), not this one.
 */
export function exhaustedAlertFor(outcome: AttemptOutcome): AlertSignal | null {
  if (!outcome.final || outcome.outcome !== 'failure') return null;
  if (outcome.reason === 'endpoint_gone') return null;
  return {
    kind: 'delivery.exhausted',
    alertId: alertIdFor('delivery.exhausted', outcome.messageId, outcome.endpointId),
    ...aboutDelivery(outcome),
    occurredAt: outcome.at,
  };
}
