import { isOutage } from '@herald/resilience';

/**
 * What happens to a JetStream message after its handler ran. This module is
 * the one place where outcomes and errors map to ack / nak-with-delay / term.
 */
export type Disposition =
  { action: 'ack' } | { action: 'nak'; delayMs: number } | { action: 'term'; reason: string };

export const ack = (): Disposition => ({ action: 'ack' });
export const nak = (delayMs: number): Disposition => ({ action: 'nak', delayMs });
export const term = (reason: string): Disposition => ({ action: 'term', reason });

/** The message can never be processed (malformed, unknown tenant…): record and drop it. */
export class PermanentMessageError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentMessageError';
    this.code = code;
  }
}

/** A dependency is briefly unavailable: redeliver later. */
export class TransientMessageError extends Error {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    readonly delayMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransientMessageError';
    this.code = code;
  }
}

/** Back-off for redelivering after an unexpected error: 1 s, 2 s, 4 s … capped at 60 s. */
export function redeliveryDelay(deliveryCount: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * When a message is poison: it failed `maxAttempts` times (errors that are
 * not an outage), or it was delivered `maxDeliveries` times without being
 * settled (a crash loop, or failures spread over replicas and restarts).
 */
export interface PoisonPolicy {
  maxAttempts: number;
  maxDeliveries: number;
}

/** The policy from the common environment (`HERALD_POISON_MAX_ATTEMPTS`, `HERALD_POISON_MAX_DELIVERIES`). */
export const poisonPolicyOf = (config: {
  HERALD_POISON_MAX_ATTEMPTS: number;
  HERALD_POISON_MAX_DELIVERIES: number;
}): PoisonPolicy => ({
  maxAttempts: config.HERALD_POISON_MAX_ATTEMPTS,
  maxDeliveries: config.HERALD_POISON_MAX_DELIVERIES,
});

export const DEFAULT_POISON_POLICY: PoisonPolicy = { maxAttempts: 5, maxDeliveries: 2_000 };

/** A message that leaves the stream with a durable record of why (rejection, dead letter, quarantine). */
export interface PoisonVerdict {
  action: 'poison';
  /** Short code: the `PermanentMessageError` code, `undecodable`, `processing_failed`, `redelivery_limit`. */
  code: string;
  reason: string;
}

export type Verdict = Disposition | PoisonVerdict;

/**
 * Maps a handler error to what happens next. A `PermanentMessageError` is
 * poison at once. An outage (`TransientMessageError`, or `isOutage`) is not
 * the message's fault: it is redelivered with back-off and not counted.
 * Any other error counts as a failed attempt (`failures`, this one
 * included): redelivered with back-off until `maxAttempts`, then poison.
 * Nothing is retried forever; nothing ends without a record.
 */
export function verdictForError(
  error: unknown,
  counts: { failures: number; deliveryCount: number },
  policy: PoisonPolicy,
): Verdict {
  if (error instanceof PermanentMessageError) {
    return { action: 'poison', code: error.code, reason: error.message };
  }
  if (error instanceof TransientMessageError) {
    return nak(error.delayMs ?? redeliveryDelay(counts.deliveryCount));
  }
  if (isOutage(error)) return nak(redeliveryDelay(counts.deliveryCount));
  const message = error instanceof Error ? error.message : String(error);
  if (counts.failures >= policy.maxAttempts) {
    return {
      action: 'poison',
      code: 'processing_failed',
      reason: `failed ${counts.failures} times; last error: ${message}`,
    };
  }
  return nak(redeliveryDelay(counts.failures));
}

/** Whether an error counts as a failed attempt of its message (not an outage, not known permanent). */
export function countsAsFailure(error: unknown): boolean {
  return (
    !(error instanceof PermanentMessageError) &&
    !(error instanceof TransientMessageError) &&
    !isOutage(error)
  );
}

/** Poison before its handler runs: delivered more often than any deferral plan allows. */
export function verdictForDelivery(
  deliveryCount: number,
  policy: PoisonPolicy,
): PoisonVerdict | null {
  if (deliveryCount <= policy.maxDeliveries) return null;
  return {
    action: 'poison',
    code: 'redelivery_limit',
    reason: `delivered ${deliveryCount} times without being settled`,
  };
}
