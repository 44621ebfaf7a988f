import type { AlertSignal, AttemptOutcome } from '@herald/contracts';
import { alertIdFor } from './alert-id.js';
import { aboutDelivery } from './alert-url.js';

/**
 * The `delivery.failing` signal: a delivery's attempt number `afterAttempts`
 * failed and another attempt is scheduled. Null for any other outcome — so a
 * delivery raises it at most once, and only if its schedule is longer than
 * `afterAttempts` attempts (otherwise it ends in `delivery.exhausted`). Pure.
 * The id is derived from the attempt (message, endpoint, replay, number).
 */
export function failingAlertFor(
  outcome: AttemptOutcome,
  afterAttempts: number,
): AlertSignal | null {
  if (outcome.outcome !== 'failure' || outcome.final || outcome.attempt !== afterAttempts) {
    return null;
  }
  return {
    kind: 'delivery.failing',
    alertId: alertIdFor('delivery.failing', outcome.attemptId, outcome.endpointId),
    ...aboutDelivery(outcome),
    reason: outcome.reason,
    nextAttemptAt: outcome.nextAttemptAt,
    occurredAt: outcome.at,
  };
}
