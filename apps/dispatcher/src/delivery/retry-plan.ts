import { deliveryTaskId, type AttemptOutcome, type DeliveryTask } from '@herald/contracts';
import { nextRetry } from '@herald/resilience';
import type { DeadLetterReason } from '../dead-letters/dead-letter-reason.js';
import { PERMANENT_REASONS, type AttemptResult } from '../http/attempt-result.js';
import type { Random } from '@herald/runtime';

/**
 * What follows an attempt, as a pure decision: the outcome to publish and, for
 * a failure with budget left, the next task. Invariants: the next task is the
 * same task with `attempt + 1` and `notBefore` = now + the delay — the
 * receiver's `Retry-After` when it sent one, else the schedule's step with
 * jitter — so the attempt count travels with the task and deferrals never
 * spend it; an outcome is `final` exactly when no next task exists, and a
 * final failure is exactly when a dead letter is recorded; SSRF, bad-URL and
 * 410 failures are final at once, and a 410 disables the endpoint; ids are
 * deterministic, so republishing after a crash is de-duplicated by JetStream.
 */
export interface RetryPolicy {
  /** Delays before attempt 2, 3, …; its length is the retry budget. */
  scheduleMs: readonly number[];
  /** ±fraction of each delay. */
  jitter: number;
}

export interface AttemptPlan {
  outcome: AttemptOutcome;
  retry: DeliveryTask | null;
  /** Why the chain ends as a dead letter, or null when it succeeded or goes on. */
  deadLetter: DeadLetterReason | null;
  /** Whether the endpoint must be disabled (it answered 410 Gone). */
  disableEndpoint: boolean;
}

/** An attempt's id is its task's id: one per (message, endpoint, chain, attempt). */
export const attemptId = deliveryTaskId;

export function planAfterAttempt(
  task: DeliveryTask,
  result: AttemptResult,
  nowMs: number,
  policy: RetryPolicy,
  random: Random,
): AttemptPlan {
  const failed = result.outcome === 'failure';
  const retryable = failed && !PERMANENT_REASONS.has(result.reason);
  const decision = retryable
    ? nextRetry(task.attempt, policy.scheduleMs, policy.jitter, random)
    : ({ retry: false } as const);
  const delayMs = decision.retry ? (result.retryAfterMs ?? decision.delayMs) : 0;
  const retry: DeliveryTask | null = decision.retry
    ? { ...task, attempt: task.attempt + 1, notBefore: new Date(nowMs + delayMs).toISOString() }
    : null;
  return {
    retry,
    deadLetter: failed && retry === null ? deadLetterReason(result) : null,
    disableEndpoint: result.reason === 'endpoint_gone',
    outcome: {
      attemptId: attemptId(task),
      messageId: task.messageId,
      tenantId: task.tenantId,
      endpointId: task.endpointId,
      eventType: task.eventType,
      attempt: task.attempt,
      outcome: result.outcome,
      reason: result.reason,
      statusCode: result.statusCode,
      error: result.error,
      latencyMs: result.latencyMs,
      responseBody: result.responseBody,
      url: result.url,
      final: retry === null,
      nextAttemptAt: retry?.notBefore ?? null,
      at: new Date(result.startedAt).toISOString(),
      replayId: task.replayId,
      retryAfterMs: result.retryAfterMs,
    },
  };
}

function deadLetterReason(result: AttemptResult): DeadLetterReason {
  if (result.reason === 'endpoint_gone') return 'endpoint_gone';
  return PERMANENT_REASONS.has(result.reason) ? 'permanent' : 'exhausted';
}
