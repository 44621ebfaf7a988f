import { createHash } from 'node:crypto';

/**
 * Rules every event must pass, whichever way it arrives, as pure functions.
 * An event that fails one is refused with a `RejectedEvent` naming the rule.
 */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$/;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;
export const MAX_CHANNEL_LENGTH = 128;

export type RejectionCode =
  | 'unknown_tenant'
  | 'invalid_event_type'
  | 'invalid_subject'
  | 'malformed_json'
  | 'payload_too_large'
  | 'invalid_idempotency_key'
  | 'invalid_channel';

export class RejectedEvent extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'RejectedEvent';
  }
}

/** The HTTP status of a refusal of `POST /v1/events`. */
export const rejectionStatus = (code: RejectionCode): 400 | 413 =>
  code === 'payload_too_large' ? 413 : 400;

export interface EventLimits {
  maxPayloadBytes: number;
}

/** Checks type, key, channel and payload; returns the payload as text. */
export function checkEvent(
  event: { eventType: string; idempotencyKey: string; channel: string | null; payload: Uint8Array },
  limits: EventLimits,
): string {
  if (!EVENT_TYPE_PATTERN.test(event.eventType)) {
    throw new RejectedEvent(
      'invalid_event_type',
      `event type "${event.eventType.slice(0, 140)}" must match ${EVENT_TYPE_PATTERN.source}`,
    );
  }
  if (
    event.idempotencyKey.length === 0 ||
    event.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH
  ) {
    throw new RejectedEvent(
      'invalid_idempotency_key',
      `idempotency key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
  }
  if (
    event.channel !== null &&
    (event.channel.length === 0 || event.channel.length > MAX_CHANNEL_LENGTH)
  ) {
    throw new RejectedEvent(
      'invalid_channel',
      `channel must be 1 to ${MAX_CHANNEL_LENGTH} characters`,
    );
  }
  if (event.payload.byteLength > limits.maxPayloadBytes) {
    throw new RejectedEvent(
      'payload_too_large',
      `payload is ${event.payload.byteLength} bytes; the limit is ${limits.maxPayloadBytes}`,
    );
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(event.payload);
  try {
    JSON.parse(text);
  } catch (error) {
    throw new RejectedEvent(
      'malformed_json',
      `payload is not valid JSON: ${(error as Error).message}`,
    );
  }
  return text;
}

/**
 * The message id of an event: the same (tenant, idempotency key) always yields
 * the same id, which makes de-duplication a primary-key conflict and gives
 * receivers a stable `webhook-id`.
 */
export const MESSAGE_ID_PATTERN = /^msg_[0-9a-f]{32}$/;

export function messageIdFor(tenantId: string, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${tenantId}\n${idempotencyKey}`).digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}
