import type { DeliveryTask, EndpointView } from '@herald/contracts';
import type { DeferralReason, DropReason } from '../metrics/dispatcher-metrics.js';

/**
 * Whether a delivery task may be sent now, as a pure decision. Invariants:
 * deferring never spends an attempt (the task is put back unchanged); only a
 * task whose endpoint is gone for good is dropped — an unknown endpoint is
 * waited for during a grace period, because the read model may lag ingest;
 * an endpoint of another tenant is never sent to.
 */
export type Admission =
  | { action: 'send'; endpoint: EndpointView }
  | { action: 'defer'; reason: DeferralReason; delayMs: number }
  | { action: 'drop'; reason: DropReason };

export interface AdmissionPolicy {
  /** How long a task for a disabled endpoint waits before it is looked at again. */
  disabledRecheckMs: number;
  /** How long after the message was accepted an unknown endpoint is waited for. */
  unknownEndpointGraceMs: number;
}

const UNKNOWN_ENDPOINT_RECHECK_MS = 1_000;

export function admit(
  task: DeliveryTask,
  endpoint: EndpointView | undefined,
  nowMs: number,
  policy: AdmissionPolicy,
): Admission {
  if (!endpoint) {
    const ageMs = nowMs - Date.parse(task.createdAt);
    if (ageMs < policy.unknownEndpointGraceMs) {
      return { action: 'defer', reason: 'endpoint_unknown', delayMs: UNKNOWN_ENDPOINT_RECHECK_MS };
    }
    return { action: 'drop', reason: 'endpoint_deleted' };
  }
  if (endpoint.tenantId !== task.tenantId) return { action: 'drop', reason: 'tenant_mismatch' };
  if (!endpoint.enabled) {
    return { action: 'defer', reason: 'endpoint_disabled', delayMs: policy.disabledRecheckMs };
  }
  if (task.notBefore !== null) {
    const waitMs = Date.parse(task.notBefore) - nowMs;
    if (waitMs > 0) return { action: 'defer', reason: 'not_before', delayMs: waitMs };
  }
  return { action: 'send', endpoint };
}
