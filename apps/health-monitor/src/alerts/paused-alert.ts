import type { AlertSignal } from '@herald/contracts';
import { alertIdFor } from './alert-id.js';
import { aboutEndpoint } from './alert-url.js';

export interface PausedAlertInput {
  tenantId: string;
  endpointId: string;
  endpointUrl: string;
  failures: number;
  windowMs: number;
  /** ISO 8601 end of the pause. */
  until: string;
  /** ISO 8601 time of the decision. */
  at: string;
}

/**
 * The `endpoint.paused` signal for a pause decision. Pure. The id is derived
 * from (kind, endpoint, until): re-publishing the same pause yields the same id.
 */
export function pausedAlertFor(
  input: PausedAlertInput,
): Extract<AlertSignal, { kind: 'endpoint.paused' }> {
  return {
    kind: 'endpoint.paused',
    alertId: alertIdFor('endpoint.paused', input.endpointId, input.until),
    ...aboutEndpoint({ ...input, url: input.endpointUrl }),
    failures: input.failures,
    windowMs: input.windowMs,
    until: input.until,
    occurredAt: input.at,
  };
}
