import { z } from 'zod';
import { apiSchema } from '@herald/http-api';
import { HEALTH_STATES } from '../state/health-state.js';

const counts = {
  successful: z.number().int().meta({ description: '2xx within the slow threshold.' }),
  slow: z.number().int().meta({ description: '2xx slower than the threshold.' }),
  error: z.number().int().meta({ description: 'Failed attempts (any reason).' }),
  rejected: z
    .number()
    .int()
    .meta({ description: 'Deliveries not attempted: breaker open or endpoint paused.' }),
};

const example = {
  endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
  state: 'degraded' as const,
  reason: '12% of 50 attempts failed in the last 5 min',
  pausedUntil: null,
  disabled: null,
  breaker: 'closed' as const,
  consecutiveFailures: 1,
  failingSince: '2026-11-30T12:04:31.000Z',
  disableAt: '2026-12-05T12:04:31.000Z',
  lastAttemptAt: '2026-11-30T12:04:31.000Z',
  histogram: {
    bucketSeconds: 60 as const,
    from: '2026-11-29T12:06:00.000Z',
    to: '2026-11-30T12:05:10.000Z',
    slowThresholdMs: 2_000,
    totals: { successful: 1_412, slow: 9, error: 44, rejected: 120 },
    buckets: [
      { start: '2026-11-30T12:03:00.000Z', successful: 40, slow: 1, error: 2, rejected: 0 },
      { start: '2026-11-30T12:04:00.000Z', successful: 38, slow: 0, error: 6, rejected: 0 },
    ],
  },
  responseTimes: {
    windowSeconds: 1_800,
    responses: 790,
    fastestMs: 12.4,
    averageMs: 96.1,
    slowestMs: 2_810,
  },
  latestErrors: [
    {
      attemptId: 'msg_5d41402abc4b2a76b9719d911017c592:5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10:1',
      messageId: 'msg_5d41402abc4b2a76b9719d911017c592',
      eventType: 'message_created',
      attempt: 1,
      at: '2026-11-30T12:04:31.000Z',
      statusCode: 503,
      reason: 'http_status',
      error: 'HTTP 503',
      latencyMs: 31.2,
      responseBody: 'upstream unavailable',
    },
  ],
  settings: { slowThresholdMs: null },
};

/** `GET /v1/endpoints/:id/health`. */
export const healthViewSchema = apiSchema(
  z.object({
    endpointId: z.string(),
    state: z.enum(HEALTH_STATES).meta({
      description:
        'disabled > paused > failing > degraded > healthy; see docs/operations.md for the rules.',
    }),
    reason: z.string().meta({ description: 'Why, in words.' }),
    pausedUntil: z.iso.datetime().nullable().meta({ description: 'End of the pause in force.' }),
    disabled: z
      .object({ reason: z.string().nullable(), since: z.iso.datetime().nullable() })
      .nullable(),
    breaker: z
      .enum(['closed', 'half_open', 'open'])
      .meta({ description: 'Worst circuit-breaker state among dispatcher replicas.' }),
    consecutiveFailures: z
      .number()
      .int()
      .meta({ description: 'Failed attempts since the last success.' }),
    failingSince: z.iso.datetime().nullable().meta({ description: 'Every attempt failed since.' }),
    disableAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'When the disable policy disables it unless an attempt succeeds.' }),
    lastAttemptAt: z.iso.datetime().nullable(),
    histogram: z.object({
      bucketSeconds: z.literal(60),
      from: z.iso.datetime(),
      to: z.iso.datetime(),
      slowThresholdMs: z.number().int(),
      totals: z.object(counts),
      buckets: z
        .array(z.object({ start: z.iso.datetime(), ...counts }))
        .meta({ description: 'Per minute over 24 h, oldest first; minutes with nothing omitted.' }),
    }),
    responseTimes: z
      .object({
        windowSeconds: z.number().int(),
        responses: z.number().int(),
        fastestMs: z.number().nullable(),
        averageMs: z.number().nullable(),
        slowestMs: z.number().nullable(),
      })
      .meta({ description: 'Over the last 30 minutes, of attempts the receiver answered.' }),
    latestErrors: z
      .array(
        z.object({
          attemptId: z.string(),
          messageId: z.string(),
          eventType: z.string(),
          attempt: z.number().int(),
          at: z.iso.datetime(),
          statusCode: z.number().int().nullable(),
          reason: z.string(),
          error: z.string().nullable(),
          latencyMs: z.number(),
          responseBody: z.string().nullable().meta({ description: 'First 1 KiB of the answer.' }),
        }),
      )
      .meta({ description: 'Newest first, last 24 h.' }),
    settings: z.object({ slowThresholdMs: z.number().int().nullable() }),
  }),
  { id: 'EndpointHealth', example },
);

/** `PUT /v1/endpoints/:id/health/settings` (request and answer). */
export const healthSettingsSchema = apiSchema(
  z.strictObject({
    slowThresholdMs: z.number().int().min(1).max(600_000).nullable().meta({
      description: 'Successes slower than this count as slow; null: HERALD_SLOW_THRESHOLD.',
    }),
  }),
  { id: 'EndpointHealthSettings', example: { slowThresholdMs: 1_500 } },
);
