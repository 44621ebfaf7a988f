import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WindowAttempt } from './classify.js';

/** One endpoint-minute of the attempt log, aggregated in Postgres. */
export interface MinuteRow {
  endpointId: string;
  tenantId: string;
  start: number;
  successful: number;
  slow: number;
  error: number;
  responses: number;
  sumMs: number;
  minMs: number | null;
  maxMs: number | null;
  /** The minute's latest attempt (epoch ms). */
  lastAt: number;
}

export interface RejectionRow {
  endpointId: string;
  tenantId: string;
  start: number;
  rejected: number;
}

export type ErrorRow = WindowAttempt & { endpointId: string; tenantId: string };

/**
 * Reads what the health windows need back from the attempt log, aggregated
 * in Postgres (one row per endpoint and minute, never one per attempt), for
 * a page of endpoints at a time. Slow is decided per endpoint: its own
 * threshold from `endpoint_settings`, else the default.
 */
@Injectable()
export class WindowHistory {
  constructor(private readonly db: DataSource) {}

  /** Endpoints with an attempt or a rejection since `since`. */
  async activeEndpoints(since: Date): Promise<string[]> {
    const rows = await this.db.query<{ endpoint_id: string }[]>(
      `SELECT DISTINCT endpoint_id FROM attempts WHERE at > $1
       UNION SELECT DISTINCT endpoint_id FROM rejections WHERE at > $1`,
      [since],
    );
    return rows.map((row) => row.endpoint_id);
  }

  async minutes(endpointIds: string[], since: Date, defaultSlowMs: number): Promise<MinuteRow[]> {
    const rows = await this.db.query<
      {
        endpoint_id: string;
        tenant_id: string;
        minute: Date;
        successful: number;
        slow: number;
        error: number;
        responses: number;
        sum_ms: number | null;
        min_ms: number | null;
        max_ms: number | null;
        last_at: Date;
      }[]
    >(
      `SELECT a.endpoint_id, a.tenant_id, date_trunc('minute', a.at) AS minute,
         count(*) FILTER (WHERE a.outcome = 'success' AND a.latency_ms <= coalesce(s.slow_threshold_ms, $3))::int AS successful,
         count(*) FILTER (WHERE a.outcome = 'success' AND a.latency_ms > coalesce(s.slow_threshold_ms, $3))::int AS slow,
         count(*) FILTER (WHERE a.outcome = 'failure')::int AS error,
         count(*) FILTER (WHERE a.status_code IS NOT NULL)::int AS responses,
         sum(a.latency_ms) FILTER (WHERE a.status_code IS NOT NULL) AS sum_ms,
         min(a.latency_ms) FILTER (WHERE a.status_code IS NOT NULL) AS min_ms,
         max(a.latency_ms) FILTER (WHERE a.status_code IS NOT NULL) AS max_ms,
         max(a.at) AS last_at
       FROM attempts a LEFT JOIN endpoint_settings s ON s.endpoint_id = a.endpoint_id
       WHERE a.endpoint_id = ANY($1) AND a.at > $2
       GROUP BY 1, 2, 3`,
      [endpointIds, since, defaultSlowMs],
    );
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      tenantId: row.tenant_id,
      start: row.minute.getTime(),
      successful: row.successful,
      slow: row.slow,
      error: row.error,
      responses: row.responses,
      sumMs: Number(row.sum_ms ?? 0),
      minMs: row.min_ms === null ? null : Number(row.min_ms),
      maxMs: row.max_ms === null ? null : Number(row.max_ms),
      lastAt: row.last_at.getTime(),
    }));
  }

  async rejections(endpointIds: string[], since: Date): Promise<RejectionRow[]> {
    const rows = await this.db.query<
      { endpoint_id: string; tenant_id: string; minute: Date; rejected: number }[]
    >(
      `SELECT endpoint_id, tenant_id, date_trunc('minute', at) AS minute,
         sum(breaker_open + endpoint_paused)::int AS rejected
       FROM rejections WHERE endpoint_id = ANY($1) AND at > $2
       GROUP BY 1, 2, 3`,
      [endpointIds, since],
    );
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      tenantId: row.tenant_id,
      start: row.minute.getTime(),
      rejected: row.rejected,
    }));
  }

  /** The `perEndpoint` newest failures of each endpoint since `since`. */
  async latestErrors(endpointIds: string[], since: Date, perEndpoint: number): Promise<ErrorRow[]> {
    const rows = await this.db.query<(Omit<ErrorRow, 'at'> & { at: Date; newest: string })[]>(
      `SELECT * FROM (
         SELECT endpoint_id AS "endpointId", tenant_id AS "tenantId", attempt_id AS "attemptId",
                message_id AS "messageId", event_type AS "eventType", attempt, outcome, reason,
                status_code AS "statusCode", error, latency_ms AS "latencyMs",
                response_body AS "responseBody", at,
                row_number() OVER (PARTITION BY endpoint_id ORDER BY at DESC) AS newest
         FROM attempts
         WHERE outcome = 'failure' AND endpoint_id = ANY($1) AND at > $2
       ) recent WHERE newest <= $3`,
      [endpointIds, since, perEndpoint],
    );
    return rows.map(({ at, newest: _newest, ...row }) => ({ ...row, at: at.toISOString() }));
  }
}
