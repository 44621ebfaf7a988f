import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { escapeUnsafeNullable, type AttemptOutcome } from '@herald/contracts';
import { PreparedStatement } from '@herald/database';
import { toPage, type Page } from '@herald/http-api';
import { attemptListSql, type AttemptFilters } from './attempt-query.js';
import { AttemptEntity } from './attempt.entity.js';

/**
 * Columns of one multi-row insert, each sent as one array parameter (no
 * parameter limit). Texts a receiver shaped are escaped again here, whatever
 * the dispatcher that sent them did: one NUL must not fail a batch.
 */
const COLUMNS: [string, string, (o: AttemptOutcome) => unknown][] = [
  ['attempt_id', 'text', (o) => o.attemptId],
  ['tenant_id', 'text', (o) => o.tenantId],
  ['endpoint_id', 'text', (o) => o.endpointId],
  ['message_id', 'text', (o) => o.messageId],
  ['event_type', 'text', (o) => o.eventType],
  ['attempt', 'integer', (o) => o.attempt],
  ['outcome', 'text', (o) => o.outcome],
  ['reason', 'text', (o) => o.reason],
  ['status_code', 'integer', (o) => o.statusCode],
  ['error', 'text', (o) => escapeUnsafeNullable(o.error)],
  ['latency_ms', 'double precision', (o) => o.latencyMs],
  ['response_body', 'text', (o) => escapeUnsafeNullable(o.responseBody)],
  ['url', 'text', (o) => o.url],
  ['final', 'boolean', (o) => o.final],
  ['next_attempt_at', 'timestamptz', (o) => o.nextAttemptAt],
  ['at', 'timestamptz', (o) => o.at],
];

/** Prepared once per connection (ADR 0107). */
const INSERT = new PreparedStatement<{ attempt_id: string }>(
  'health_insert_attempts',
  `INSERT INTO attempts (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (attempt_id) DO NOTHING
  RETURNING attempt_id`,
);

/**
 * The attempt log in Postgres (table `attempts`). Inserting is idempotent: an
 * outcome delivered twice is stored once, and only the insert that stored it
 * reports its id. Reads never return another tenant's rows.
 */
@Injectable()
export class AttemptLog {
  constructor(private readonly db: DataSource) {}

  /** Stores outcomes in one statement; returns the ids this call inserted. */
  async insertMany(outcomes: readonly AttemptOutcome[]): Promise<Set<string>> {
    if (outcomes.length === 0) return new Set();
    const params = COLUMNS.map(([, , value]) => outcomes.map(value));
    const rows = await INSERT.run(this.db, params);
    return new Set(rows.map((row) => row.attempt_id));
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
