import { z } from 'zod';
import { ApiError, apiSchema, DEFAULT_JSON_LIMITS, type ErrorCase } from '@herald/http-api';
import { checkEvent, RejectedEvent, rejectionStatus } from './event-rules.js';

/** `POST /v1/events` body. Unknown fields are refused. */
export const eventBodySchema = apiSchema(
  z.strictObject({
    type: z.string().min(1).meta({
      description: 'Event type, e.g. `message_created` or `conversation.updated`.',
    }),
    // Any JSON value: the body parser has already parsed it, so only absence is checked.
    payload: z
      .unknown()
      .refine((value) => value !== undefined, 'payload is required')
      .meta({
        description:
          'What every subscribed endpoint receives, byte for byte, as its request body ' +
          '(at most `HERALD_MAX_PAYLOAD_BYTES`, default 256 KiB).',
      }),
    id: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .meta({
        description:
          'Idempotency key: the same key within a tenant yields the same message id and is ' +
          'delivered once. Default: a fresh UUID.',
      }),
    channel: z.string().min(1).max(128).optional().meta({
      description: 'Only endpoints without channels or with this one receive it.',
    }),
    version: z.number().int().min(1).max(1000).optional().meta({
      description:
        'Version of the event type the payload follows (the catalog must have it). Default 1.',
    }),
  }),
  {
    id: 'EventInput',
    example: {
      type: 'message_created',
      id: 'evt-8c1d',
      channel: 'whatsapp',
      payload: { event: 'message_created', content: 'hi', conversation: { id: 42 } },
    },
  },
);

export const acceptedEventSchema = apiSchema(
  z.object({
    id: z.string().meta({
      description:
        'The message id (`msg_…`), derived from tenant and idempotency key; receivers see ' +
        'it as `webhook-id`.',
    }),
  }),
  { id: 'AcceptedEvent', example: { id: 'msg_5d41402abc4b2a76b9719d911017c592' } },
);

/** A refusal exactly as the event rules word it (the example event must break the rule). */
export function refusal(event: Partial<Parameters<typeof checkEvent>[0]>, when: string): ErrorCase {
  const valid = { eventType: 'message_created', idempotencyKey: 'evt-1', channel: null };
  const payload = new TextEncoder().encode('{}');
  try {
    checkEvent(
      { ...valid, payload, ...event },
      { maxPayloadBytes: 262_144, json: DEFAULT_JSON_LIMITS },
    );
  } catch (error) {
    if (!(error instanceof RejectedEvent)) throw error;
    return { error: new ApiError(rejectionStatus(error.code), error.code, error.message), when };
  }
  throw new Error(`the example event for "${when}" is accepted`);
}

/** A catalog refusal (unknown type, schema errors, …) as the code words it. */
export const catalogRefusal = (error: RejectedEvent, when: string): ErrorCase => ({
  error: new ApiError(rejectionStatus(error.code), error.code, error.message, error.details),
  when,
});
