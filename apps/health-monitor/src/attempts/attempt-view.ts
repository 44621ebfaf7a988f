import type { AttemptEntity } from './attempt.entity.js';

/** One attempt as the REST API shows it (`GET /v1/endpoints/:id/attempts`). */
export interface AttemptView {
  attemptId: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  attempt: number;
  outcome: 'success' | 'failure';
  reason: string;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseBody: string | null;
  final: boolean;
  nextAttemptAt: string | null;
  at: string;
}

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
