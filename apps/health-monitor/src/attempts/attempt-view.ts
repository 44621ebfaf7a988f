import { z } from 'zod';
import { attemptReasons } from '@herald/contracts';
import { apiListSchema, apiSchema } from '@herald/http-api';
import type { AttemptEntity } from './attempt.entity.js';

const example = {
  attemptId: 'msg_5d41402abc4b2a76b9719d911017c592:5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10:2',
  endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
  messageId: 'msg_5d41402abc4b2a76b9719d911017c592',
  eventType: 'message_created',
  attempt: 2,
  outcome: 'failure' as const,
  reason: 'http_status' as const,
  statusCode: 503,
  error: 'HTTP 503',
  latencyMs: 182.4,
  responseBody: 'upstream unavailable',
  final: false,
  nextAttemptAt: '2026-11-30T12:35:04.000Z',
  at: '2026-11-30T12:05:02.000Z',
};

/** One attempt as the REST API shows it (`GET /v1/endpoints/:id/attempts`). */
export const attemptViewSchema = apiSchema(
  z.object({
    attemptId: z.string().meta({ description: '`<messageId>:<endpointId>:<attempt>`' }),
    endpointId: z.string(),
    messageId: z.string(),
    eventType: z.string(),
    attempt: z.number().int().meta({ description: '1-based, per message and endpoint.' }),
    outcome: z.enum(['success', 'failure']),
    reason: z.enum(attemptReasons),
    statusCode: z.number().int().nullable().meta({ description: 'Null when nothing answered.' }),
    error: z.string().nullable(),
    latencyMs: z.number(),
    responseBody: z.string().nullable().meta({ description: "The receiver's answer, truncated." }),
    final: z.boolean().meta({ description: 'No further attempt will be made.' }),
    nextAttemptAt: z.iso.datetime().nullable(),
    at: z.iso.datetime().meta({ description: 'When the attempt started.' }),
  }),
  { id: 'Attempt', example },
);
export type AttemptView = z.infer<typeof attemptViewSchema>;

export const attemptListSchema = apiListSchema(attemptViewSchema, 'Oldest first.', example);

export const attemptPageSchema = apiSchema(
  z.object({
    data: z.array(attemptViewSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass back as `cursor` for the next page; null on the last.' }),
  }),
  { description: 'Newest first.', example: { data: [example], nextCursor: null } },
);

/** Maps a stored row to its API shape; timestamps become ISO 8601 strings. Pure. */
export function toAttemptView(row: AttemptEntity): AttemptView {
  return {
    attemptId: row.attemptId,
    endpointId: row.endpointId,
    messageId: row.messageId,
    eventType: row.eventType,
    attempt: row.attempt,
    outcome: row.outcome,
    reason: row.reason,
    statusCode: row.statusCode,
    error: row.error,
    latencyMs: row.latencyMs,
    responseBody: row.responseBody,
    final: row.final,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    at: row.at.toISOString(),
  };
}
