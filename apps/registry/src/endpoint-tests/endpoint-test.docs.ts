import { z } from 'zod';
import { ApiError, apiSchema, type ErrorCase } from '@herald/http-api';

/** `POST /v1/endpoints/:id/test` body. */
export const testBodySchema = apiSchema(
  z.strictObject({
    eventType: z.string().min(1).max(128).optional().meta({
      description: 'A catalog event type; default the platform’s `herald.test`.',
    }),
    version: z.number().int().min(1).max(1000).optional().meta({
      description: "Default: the type's default version.",
    }),
    payload: z.json().optional().meta({
      description: "Default: the version's example (or a small `herald.test` payload).",
    }),
  }),
  { id: 'EndpointTestInput', example: { eventType: 'AgentLog' } },
);

const attempt = {
  statusCode: 204,
  latencyMs: 48.2,
  reason: 'delivered',
  error: null,
  responseBody: '',
  at: '2026-11-30T12:00:00.120Z',
};

export const testResultSchema = apiSchema(
  z.object({
    messageId: z.string(),
    eventType: z.string(),
    version: z.number().int(),
    status: z.enum(['delivered', 'failed', 'pending']).meta({
      description:
        '`pending`: no attempt came in time (e.g. an open breaker); see the attempt log.',
    }),
    attempt: z
      .object({
        statusCode: z.number().int().nullable(),
        latencyMs: z.number(),
        reason: z.string(),
        error: z.string().nullable(),
        responseBody: z.string().nullable(),
        at: z.iso.datetime(),
      })
      .nullable(),
  }),
  {
    id: 'EndpointTestResult',
    example: {
      messageId: 'msg_5d41402abc4b2a76b9719d911017c592',
      eventType: 'AgentLog',
      version: 1,
      status: 'delivered',
      attempt,
    },
  },
);

export const endpointDisabled = (reason: string) =>
  new ApiError(
    409,
    'endpoint_disabled',
    `endpoint is disabled (${reason}); enable it (PATCH {"enabled": true}) to send a test`,
  );

export const endpointPaused = (until: string) =>
  new ApiError(409, 'endpoint_paused', `endpoint is paused after repeated failures until ${until}`);

export const TEST_REFUSALS: ErrorCase[] = [
  { error: endpointDisabled('operator'), when: 'the endpoint is disabled' },
  {
    error: endpointPaused('2026-11-30T12:10:00.000Z'),
    when: 'the endpoint is paused after repeated failures',
  },
];
