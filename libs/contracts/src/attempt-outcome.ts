import { z } from 'zod';
import { BATCH_TOKEN, oneOrBatchSchema } from './batch.js';

/** Why an attempt ended as it did; one value per distinct cause an operator acts on. */
export const attemptReasons = [
  'delivered',
  'http_status',
  'timeout',
  'dns',
  'connection_refused',
  'connection_reset',
  'network',
  'ssrf_blocked',
  'invalid_url',
  /** 410 Gone: the receiver asked never to be called again; the endpoint is disabled. */
  'endpoint_gone',
] as const;
export type AttemptReason = (typeof attemptReasons)[number];

/**
 * `attempt.v1` — the outcome of one HTTP attempt.
 * Producer: dispatcher. Consumer: health-monitor (attempt log, metrics, alert signals).
 * JetStream de-duplication id: `attemptId`.
 */
export const attemptOutcomeSchema = z.object({
  attemptId: z.string().min(1),
  messageId: z.string().min(1),
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  eventType: z.string().min(1),
  /** 1-based attempt number for this (message, endpoint). */
  attempt: z.number().int().positive(),
  outcome: z.enum(['success', 'failure']),
  reason: z.enum(attemptReasons),
  statusCode: z.number().int().nullable(),
  /** Human-readable cause of a failure; never contains secrets. */
  error: z.string().nullable(),
  latencyMs: z.number().nonnegative(),
  /** Response body, truncated; null when there was no response. */
  responseBody: z.string().nullable(),
  /** Endpoint URL without credentials. */
  url: z.string(),
  /** True when no further attempt will be made (success, or retries exhausted). */
  final: z.boolean(),
  /** When the next attempt is due, for a failure that will be retried. */
  nextAttemptAt: z.string().nullable(),
  /** When the attempt started (ISO 8601). */
  at: z.string(),
  /** Set when the attempt belongs to an operator's replay or resend. */
  replayId: z.string().nullable().default(null),
  /** The receiver's `Retry-After`, in milliseconds, when it sent one (429, 503). */
  retryAfterMs: z.number().int().nonnegative().nullable().default(null),
});

export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;

/**
 * Several outcomes of one health partition in one `attempt.v1` message, on
 * `<ns>.attempt.v1.<partition>.batch`: the dispatcher group-commits the
 * outcomes that finish while its previous publish to that partition awaits
 * its PubAck, so a busy partition costs one JetStream message per batch.
 * A lone outcome is still published alone, on its endpoint's subject.
 */
export const attemptBatchSchema = z.object({
  outcomes: z.array(attemptOutcomeSchema).min(1),
});

export type AttemptBatch = z.infer<typeof attemptBatchSchema>;

export type AttemptMessage = AttemptOutcome | AttemptBatch;

/**
 * What an `attempt.v1` message carries: one outcome, or a batch of one
 * partition's outcomes (an object with `outcomes`).
 */
export const attemptMessageSchema: z.ZodType<AttemptMessage> = oneOrBatchSchema(
  'outcomes',
  attemptBatchSchema,
  attemptOutcomeSchema,
);

/** The outcomes of an `attempt.v1` message, in the order they were published. */
export function outcomesOf(message: AttemptMessage): AttemptOutcome[] {
  return 'outcomes' in message ? message.outcomes : [message];
}

/** Last subject token of an outcome batch. */
export const ATTEMPT_BATCH_TOKEN = BATCH_TOKEN;
