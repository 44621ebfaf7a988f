import {
  checkJsonLimits,
  findUnstorableText,
  identifierProblem,
  type JsonLimits,
} from '@herald/http-api';

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
  | 'invalid_utf8'
  | 'invalid_text'
  | 'json_too_deep'
  | 'too_many_keys'
  | 'payload_too_large'
  | 'invalid_idempotency_key'
  | 'invalid_channel'
  | 'invalid_event_version'
  | 'unknown_event_type'
  | 'reserved_event_type'
  | 'schema_validation_failed'
  | 'payload_not_object'
  | 'unknown_endpoint'
  /** Published over NATS above the tenant's HERALD_RATE_LIMIT_INGEST (HTTP answers 429). */
  | 'rate_limited';

export class RejectedEvent extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** Field-level reasons (schema errors), shown to HTTP producers. */
    readonly details: { field: string; reason: string }[] = [],
  ) {
    super(message);
    this.name = 'RejectedEvent';
  }
}

/** The HTTP status of a refusal of `POST /v1/events`. */
export const rejectionStatus = (code: RejectionCode): 400 | 413 =>
  code === 'payload_too_large' ? 413 : 400;

/** The version a producer gave (header text or body number); 1 when absent. */
export function parseEventVersion(given: string | number | null | undefined): number {
  if (given === null || given === undefined) return 1;
  const text = String(given);
  if (/^[1-9]\d{0,3}$/.test(text) && Number(text) <= 1000) return Number(text);
  throw new RejectedEvent(
    'invalid_event_version',
    `event version "${text.slice(0, 20)}" must be a whole number from 1 to 1000`,
  );
}

/** Decodes each payload whole (never streaming), so one decoder serves every event. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface EventLimits {
  maxPayloadBytes: number;
  json: JsonLimits;
}

/** Checks type, key, channel and payload; returns the payload as text, and parsed. */
export function checkEvent(
  event: { eventType: string; idempotencyKey: string; channel: string | null; payload: Uint8Array },
  limits: EventLimits,
): { text: string; parsed: unknown } {
  if (!EVENT_TYPE_PATTERN.test(event.eventType)) {
    throw new RejectedEvent(
      'invalid_event_type',
      `event type "${event.eventType.slice(0, 140)}" must match ${EVENT_TYPE_PATTERN.source}`,
    );
  }
  const keyProblem = identifierProblem(event.idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH);
  if (keyProblem !== null) {
    throw new RejectedEvent('invalid_idempotency_key', `idempotency key ${keyProblem}`);
  }
  const channelProblem =
    event.channel === null ? null : identifierProblem(event.channel, MAX_CHANNEL_LENGTH);
  if (channelProblem !== null) {
    throw new RejectedEvent('invalid_channel', `channel ${channelProblem}`);
  }
  if (event.payload.byteLength > limits.maxPayloadBytes) {
    throw new RejectedEvent(
      'payload_too_large',
      `payload is ${event.payload.byteLength} bytes; the limit is ${limits.maxPayloadBytes}`,
    );
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(event.payload);
  } catch {
    throw new RejectedEvent('invalid_utf8', 'payload is not valid UTF-8');
  }
  // Before parsing: a 10,000-deep payload must be refused, not overflow a stack later.
  const breach = checkJsonLimits(text, limits.json);
  if (breach) throw new RejectedEvent(breach.code, `payload ${breach.message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw new RejectedEvent(
      'malformed_json',
      `payload is not valid JSON: ${(error as Error).message}`,
    );
  }
  // U+0000 and unpaired surrogates reach a parsed string only through a
  // `\u` escape: JSON refuses raw control characters in its text, and strict
  // UTF-8 decoding never yields a surrogate. Without one, there is nothing to find.
  const at = text.includes('\\u') ? findUnstorableText(parsed) : null;
  if (at !== null) {
    throw new RejectedEvent(
      'invalid_text',
      `payload strings must not contain U+0000 or unpaired surrogates (at "${at}")`,
    );
  }
  return { text, parsed };
}

export { MESSAGE_ID_PATTERN, messageIdFor } from '@herald/contracts';
