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
 * Maps a handler error to a disposition. Anything not known to be permanent is
 * treated as transient: an accepted message is never dropped because of a bug
 * or an outage; it is redelivered with back-off instead.
 */
export function dispositionForError(error: unknown, deliveryCount: number): Disposition {
  if (error instanceof PermanentMessageError) return term(`${error.code}: ${error.message}`);
  if (error instanceof TransientMessageError) {
    return nak(error.delayMs ?? redeliveryDelay(deliveryCount));
  }
  return nak(redeliveryDelay(deliveryCount));
}
