import type { DeliveryTask, EndpointView } from '@herald/contracts';

/** Why a task is put back for later, not sent now. */
export type DeferralReason =
  | 'not_before'
  | 'endpoint_disabled'
  | 'endpoint_paused'
  | 'endpoint_unknown'
  | 'breaker_open'
  | 'mailbox_full'
  | 'tenant_full'
  | 'shutting_down';

/** Why a task is dropped without a dead letter. */
export type DropReason = 'endpoint_deleted' | 'tenant_mismatch';

/**
 * Whether a delivery task may be sent now, as a pure decision. Invariants:
 * deferring never spends an attempt (the task is put back unchanged); only a
 * task whose endpoint is unknown is waited for during a grace period counted
 * from when this dispatcher first saw the task (the read model may lag
 * ingest, and a retry or resend of an old message deserves the same wait),
 * then becomes a dead letter (`endpoint_unknown`), never dropped unrecorded;
 * an endpoint of another tenant is never sent to; a disabled endpoint's tasks
 * are held until it is enabled again or the hold expires (then they become
 * dead letters, replayable); a paused endpoint's tasks wait exactly until the
 * pause ends.
 */
export type Admission =
  | { action: 'send'; endpoint: EndpointView }
  | {
      action: 'defer';
      reason: DeferralReason;
      /** When to look at the task again. */
      delayMs: number;
      /** Latest time the wait can last (epoch ms): a pause's end, a hold's expiry, `notBefore`. */
      untilMs?: number;
    }
  | { action: 'drop'; reason: DropReason }
  | { action: 'dead'; reason: 'hold_expired' | 'endpoint_unknown' };

export interface AdmissionPolicy {
  /** How long after the dispatcher first saw the task an unknown endpoint is waited for. */
  unknownEndpointGraceMs: number;
  /** How long a disabled endpoint's task is held (from the later of disable and acceptance). */
  disabledHoldMs: number;
}

/** What admission looks at besides the task. */
export interface AdmissionFacts {
  endpoint: EndpointView | undefined;
  /** End of the endpoint's pause (epoch ms), or null when not paused. */
  pausedUntil: number | null;
  nowMs: number;
  /** When this dispatcher first saw the task (epoch ms); only read while the endpoint is unknown. */
  firstSeenMs: number;
}

const UNKNOWN_ENDPOINT_RECHECK_MS = 1_000;

export function admit(
  task: DeliveryTask,
  { endpoint, pausedUntil, nowMs, firstSeenMs }: AdmissionFacts,
  policy: AdmissionPolicy,
): Admission {
  if (!endpoint) {
    if (nowMs - firstSeenMs < policy.unknownEndpointGraceMs) {
      return { action: 'defer', reason: 'endpoint_unknown', delayMs: UNKNOWN_ENDPOINT_RECHECK_MS };
    }
    return { action: 'dead', reason: 'endpoint_unknown' };
  }
  if (endpoint.tenantId !== task.tenantId) return { action: 'drop', reason: 'tenant_mismatch' };
  if (!endpoint.enabled) {
    const heldSince = Math.max(
      Date.parse(task.createdAt),
      endpoint.disabledAt === null ? 0 : Date.parse(endpoint.disabledAt),
    );
    const untilMs = heldSince + policy.disabledHoldMs;
    if (nowMs >= untilMs) return { action: 'dead', reason: 'hold_expired' };
    return {
      action: 'defer',
      reason: 'endpoint_disabled',
      delayMs: untilMs - nowMs,
      untilMs,
    };
  }
  if (pausedUntil !== null && pausedUntil > nowMs) {
    return {
      action: 'defer',
      reason: 'endpoint_paused',
      delayMs: pausedUntil - nowMs,
      untilMs: pausedUntil,
    };
  }
  if (task.notBefore !== null) {
    const untilMs = Date.parse(task.notBefore);
    if (untilMs > nowMs) {
      return { action: 'defer', reason: 'not_before', delayMs: untilMs - nowMs, untilMs };
    }
  }
  return { action: 'send', endpoint };
}
