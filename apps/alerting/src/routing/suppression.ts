import type { AlertKind } from '@herald/contracts';

/**
 * The suppression window per (endpoint, kind) — a pure decision.
 *
 * The first alert of a kind about an endpoint is sent; others of the same
 * kind and endpoint that happen within `windowMs` of it are suppressed and
 * counted; the next one after the window is sent and says how many were
 * suppressed since the last one sent. `test` alerts and the "resolved"
 * notice (`endpoint.recovered`, which has its own rule) are never
 * suppressed. Time is the alerts' own `occurredAt`, so a redelivery or a
 * replay decides the same way.
 */
export interface SuppressionState {
  /** `occurredAt` of the last alert sent (epoch ms). */
  lastSentAt: number;
  /** Alerts suppressed since then. */
  suppressed: number;
}

export type SuppressionDecision =
  | { action: 'send'; suppressedBefore: number; next: SuppressionState }
  | { action: 'suppress'; next: SuppressionState };

export const UNSUPPRESSED_KINDS: readonly AlertKind[] = [
  'test',
  'endpoint.recovered',
  'endpoint.disable_warning',
  'endpoint.disabled',
];

export function decideSuppression(
  state: SuppressionState | null,
  kind: AlertKind,
  occurredAt: number,
  windowMs: number,
): SuppressionDecision {
  if (UNSUPPRESSED_KINDS.includes(kind) || state === null || windowMs <= 0) {
    return {
      action: 'send',
      suppressedBefore: state?.suppressed ?? 0,
      next: { lastSentAt: occurredAt, suppressed: 0 },
    };
  }
  if (occurredAt - state.lastSentAt >= windowMs || occurredAt < state.lastSentAt - windowMs) {
    return {
      action: 'send',
      suppressedBefore: state.suppressed,
      next: { lastSentAt: occurredAt, suppressed: 0 },
    };
  }
  return { action: 'suppress', next: { ...state, suppressed: state.suppressed + 1 } };
}
