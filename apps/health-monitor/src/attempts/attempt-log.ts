import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttemptOutcome } from '@herald/contracts';
import { toPage, type Page } from '@herald/http-api';
import { attemptListSql, type AttemptFilters } from './attempt-query.js';
import { AttemptEntity } from './attempt.entity.js';

/**
 * The attempt log in Postgres (table `attempts`). `record` is idempotent: an
 * outcome delivered twice is stored once, and only the first call reports
 * `true`. `latest` never returns another tenant's rows.
 */
@Injectable()
export class AttemptLog {
  constructor(private readonly db: DataSource) {}

  /** Stores an outcome; true when this call inserted it, false when it was already there. */
  async record(outcome: AttemptOutcome): Promise<boolean> {
    const inserted = await this.db.query<unknown[]>(
      `INSERT INTO attempts (attempt_id, tenant_id, endpoint_id, message_id, event_type, attempt,
         outcome, reason, status_code, error, latency_ms, response_body, url, final,
         next_attempt_at, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (attempt_id) DO NOTHING
       RETURNING attempt_id`,
      [
        outcome.attemptId,
        outcome.tenantId,
        outcome.endpointId,
        outcome.messageId,
        outcome.eventType,
        outcome.attempt,
        outcome.outcome,
        outcome.reason,
        outcome.statusCode,
        outcome.error,
        outcome.latencyMs,
        outcome.responseBody,
        outcome.url,
        outcome.final,
        outcome.nextAttemptAt,
        outcome.at,
      ],
    );
    return inserted.length > 0;
  }

  /** A page of the tenant's attempts matching the filters, newest first. */
  async list(tenantId: string, filters: AttemptFilters): Promise<Page<AttemptEntity>> {
    const { sql, params } = attemptListSql(tenantId, filters);
    const rows = await this.db.query<(AttemptRow & { at_text: string })[]>(sql, params);
    return toPage(rows, filters.limit, (r) => [r.at_text, r.attempt_id], fromRow);
  }

  /** Every attempt of one of the tenant's messages (bounded), oldest first. */
  ofMessage(tenantId: string, messageId: string): Promise<AttemptEntity[]> {
    return this.db.getRepository(AttemptEntity).find({
      where: { tenantId, messageId },
      order: { at: 'ASC', attempt: 'ASC' },
      take: 1000,
    });
  }

  /** The tenant's latest attempts for one endpoint, newest first. */
  latest(tenantId: string, endpointId: string, limit: number): Promise<AttemptEntity[]> {
    return this.db.getRepository(AttemptEntity).find({
      where: { tenantId, endpointId },
      order: { at: 'DESC', attempt: 'DESC', attemptId: 'DESC' },
      take: limit,
    });
  }
}

interface AttemptRow {
  attempt_id: string;
  tenant_id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  attempt: number;
  outcome: AttemptOutcome['outcome'];
  reason: AttemptOutcome['reason'];
  status_code: number | null;
  error: string | null;
  latency_ms: number;
  response_body: string | null;
  url: string;
  final: boolean;
  next_attempt_at: Date | null;
  at: Date;
  recorded_at: Date;
}

const fromRow = (row: AttemptRow): AttemptEntity => ({
  attemptId: row.attempt_id,
  tenantId: row.tenant_id,
  endpointId: row.endpoint_id,
  messageId: row.message_id,
  eventType: row.event_type,
  attempt: row.attempt,
  outcome: row.outcome,
  reason: row.reason,
  statusCode: row.status_code,
  error: row.error,
  latencyMs: row.latency_ms,
  responseBody: row.response_body,
  url: row.url,
  final: row.final,
  nextAttemptAt: row.next_attempt_at,
  at: row.at,
  recordedAt: row.recorded_at,
});
