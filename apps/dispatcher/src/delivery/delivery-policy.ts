import type { DispatcherConfig } from '../config.js';
import type { AdmissionPolicy } from '../admission/admission.js';
import type { RetryPolicy } from './retry-plan.js';

/** The environment's say in delivery decisions, gathered once at start. */
export interface DeliveryPolicy {
  admission: AdmissionPolicy;
  retry: RetryPolicy;
  /** Requests in flight per endpoint and replica when the endpoint sets none. */
  endpointConcurrency: number;
  /** Waits longer than this go to the parking lot. */
  parkAfterMs: number;
  /** Waits of deferred tasks (open breaker, pause) longer than this go to the parking lot. */
  deferredParkAfterMs: number;
  /**
   * Tasks of batch messages in admission at once (`HERALD_DISPATCH_CONCURRENCY`):
   * a batch's tasks take their turns as that many single messages would.
   */
  batchAdmission: number;
}

export const DELIVERY_POLICY = Symbol('DELIVERY_POLICY');

export function deliveryPolicy(config: DispatcherConfig): DeliveryPolicy {
  return {
    admission: {
      unknownEndpointGraceMs: config.HERALD_UNKNOWN_ENDPOINT_GRACE,
      disabledHoldMs: config.HERALD_DISABLED_HOLD,
    },
    retry: { scheduleMs: config.HERALD_RETRY_SCHEDULE, jitter: config.HERALD_RETRY_JITTER },
    endpointConcurrency: config.HERALD_ENDPOINT_CONCURRENCY,
    parkAfterMs: config.HERALD_PARK_AFTER,
    deferredParkAfterMs: config.HERALD_PARK_DEFERRED_AFTER,
    batchAdmission: config.HERALD_DISPATCH_CONCURRENCY,
  };
}
