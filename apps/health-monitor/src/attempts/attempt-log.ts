import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttemptOutcome } from '@herald/contracts';
import { AttemptEntity } from './attempt.entity.js';

/** Columns of one multi-row insert, each sent as one array parameter (no parameter limit). */
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
  ['error', 'text', (o) => o.error],
  ['latency_ms', 'double precision', (o) => o.latencyMs],
  ['response_body', 'text', (o) => o.responseBody],
  ['url', 'text', (o) => o.url],
  ['final', 'boolean', (o) => o.final],
  ['next_attempt_at', 'timestamptz', (o) => o.nextAttemptAt],
  ['at', 'timestamptz', (o) => o.at],
];

const INSERT_SQL = `INSERT INTO attempts (${COLUMNS.map(([name]) => name).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (attempt_id) DO NOTHING
  RETURNING attempt_id`;

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
    const rows = await this.db.query<{ attempt_id: string }[]>(INSERT_SQL, params);
    return new Set(rows.map((row) => row.attempt_id));
  }

  /** The tenant's latest attempts for one endpoint (optionally one message), newest first. */
  latest(
    tenantId: string,
    endpointId: string,
    limit: number,
    messageId?: string,
  ): Promise<AttemptEntity[]> {
    return this.db.getRepository(AttemptEntity).find({
      where: { tenantId, endpointId, ...(messageId === undefined ? {} : { messageId }) },
      order: { at: 'DESC', attempt: 'DESC', attemptId: 'DESC' },
      take: limit,
    });
  }
}
