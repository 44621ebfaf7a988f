import type { AlertSignal, AttemptOutcome } from '@herald/contracts';
import { alertIdFor } from './alert-id.js';
import { aboutEndpoint } from './alert-url.js';

/**
 * The `endpoint.disabled` signal for an attempt the receiver answered with
 * 410 Gone (reason `endpoint_gone`); null for any other outcome. Pure. The
 * dispatcher asks the registry to disable the endpoint; this only tells the
 * operator. The id is derived from (kind, attempt, endpoint): one alert per
 * 410 answer, however often that outcome is redelivered.
 */
export function disabledAlertFor(outcome: AttemptOutcome): AlertSignal | null {
  if (outcome.reason !== 'endpoint_gone') return null;
  return {
    kind: 'endpoint.disabled',
    alertId: alertIdFor('endpoint.disabled', outcome.attemptId, outcome.endpointId),
    ...aboutEndpoint(outcome),
    reason: 'endpoint_gone',
    statusCode: outcome.statusCode ?? 410,
    failingSince: null,
    occurredAt: outcome.at,
  };
}
