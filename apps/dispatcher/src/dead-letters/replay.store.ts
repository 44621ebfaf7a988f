import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '@herald/http-api';
import {
  replaySelectionSchema,
  selectionConditions,
  type ReplaySelection,
} from './dead-letter-filter.js';
import { ReplayLimitReached, retryAfterSeconds } from './replay-limit.js';
import { replayView, type ReplayRow } from './replay.view.js';

export type ReplayKind = 'dead_letters' | 'recover';

/** A running job as its runner sees it; `createdAt` is exact Postgres text (its cut-off). */
export interface ReplayJob {
  id: string;
  tenantId: string;
  selection: ReplaySelection;
  createdAt: string;
}

export interface NewReplay {
  id: string;
  tenantId: string;
  keyId: string;
  kind: ReplayKind;
  selection: ReplaySelection;
  dryRun: boolean;
}

/** A dead letter a job is about to republish. */
export interface ReplayCandidate {
  id: string;
  endpoint_id: string;
  message_id: string;
  event_type: string;
  channel: string | null;
  payload: string;
  message_created_at: Date;
  dead_at_key: string;
}

/** A timestamp as exact text (microseconds), for cut-offs and keyset positions. */
const exact = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const lease = (placeholder: string) => `now() + ${placeholder} * interval '1 millisecond'`;

/**
 * The `replays` table: audit record and durable job state. Invariants: a
 * tenant never has more than `maxRunning` running jobs (checked and inserted
 * under a per-tenant transaction lock); a job's progress is only written by
 * the replica that owns its lease, and a dead letter is marked by a job at
 * most once, in the same statement that counts it as published.
 */
@Injectable()
export class ReplayStore {
  constructor(private readonly db: DataSource) {}

  /** Records the request and counts what it matches; a real run also becomes a job owned by `owner`. */
  async create(
    replay: NewReplay,
    limits: { owner: string; leaseMs: number; maxRunning: number; ratePerSecond: number },
  ): Promise<{ matched: number; job: ReplayJob | null }> {
    return this.db.transaction(async (tx) => {
      if (!replay.dryRun) {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `herald:replays:${replay.tenantId}`,
        ]);
        const running: { remaining: number }[] = await tx.query(
          `SELECT matched - published AS remaining FROM replays
           WHERE tenant_id = $1 AND status = 'running'`,
          [replay.tenantId],
        );
        if (running.length >= limits.maxRunning) {
          const remaining = running.map((r) => r.remaining);
          throw new ReplayLimitReached(
            running.length,
            retryAfterSeconds(remaining, limits.ratePerSecond),
          );
        }
      }
      const [{ now }] = await tx.query<[{ now: string }]>(`SELECT ${exact('now()')} AS now`);
      const sql = selectionConditions(replay.tenantId, replay.selection, now);
      const [{ matched }] = await tx.query<[{ matched: number }]>(
        `SELECT count(*)::int AS matched FROM dead_letters WHERE ${sql.where}`,
        sql.params,
      );
      await tx.query(
        `INSERT INTO replays (id, tenant_id, key_id, kind, filters, dry_run, matched, status,
           owner, lease_until, finished_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9,
           ${lease('$10')}, $11::timestamptz)`,
        [
          replay.id,
          replay.tenantId,
          replay.keyId,
          replay.kind,
          JSON.stringify(replay.selection),
          replay.dryRun,
          matched,
          replay.dryRun ? 'done' : 'running',
          replay.dryRun ? null : limits.owner,
          replay.dryRun ? null : limits.leaseMs,
          replay.dryRun ? now : null,
        ],
      );
      const job = replay.dryRun
        ? null
        : { id: replay.id, tenantId: replay.tenantId, selection: replay.selection, createdAt: now };
      return { matched, job };
    });
  }

  async get(tenantId: string, id: string) {
    const rows: ReplayRow[] = await this.db.query(
      'SELECT * FROM replays WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    if (!rows[0]) throw notFound('replay');
    return replayView(rows[0]);
  }

  /** Takes over running jobs whose lease lapsed (their replica stopped or crashed). */
  async claimOrphans(owner: string, leaseMs: number, limit = 10): Promise<ReplayJob[]> {
    // Wrapped in a SELECT so the driver returns the rows themselves.
    const rows: { id: string; tenant_id: string; filters: unknown; created_at: string }[] =
      await this.db.query(
        `WITH claimed AS (
           UPDATE replays SET owner = $1, lease_until = ${lease('$2')}
           WHERE id IN (
             SELECT id FROM replays
             WHERE status = 'running' AND (lease_until IS NULL OR lease_until < now())
             ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT $3)
           RETURNING id, tenant_id, filters, created_at)
         SELECT id, tenant_id, filters, ${exact('created_at')} AS created_at FROM claimed`,
        [owner, leaseMs, limit],
      );
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      selection: replaySelectionSchema.parse(row.filters),
      createdAt: row.created_at,
    }));
  }

  /** Extends the lease; false when this replica no longer owns the job. */
  async renew(jobId: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH renewed AS (
         UPDATE replays SET lease_until = ${lease('$3')}
         WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING id)
       SELECT id FROM renewed`,
      [jobId, owner, leaseMs],
    );
    return rows.length === 1;
  }

  /** The job's next dead letters after `after`, oldest first, skipping those it already marked. */
  async candidates(
    job: ReplayJob,
    after: { deadAt: string; id: string } | null,
    limit: number,
  ): Promise<ReplayCandidate[]> {
    const sql = selectionConditions(job.tenantId, job.selection, job.createdAt).add(
      'last_replay_id IS DISTINCT FROM ?',
      job.id,
    );
    if (after) sql.add('(dead_at, id) > (?::timestamptz, ?::uuid)', after.deadAt, after.id);
    return this.db.query(
      `SELECT id, endpoint_id, message_id, event_type, channel, payload, message_created_at,
         ${exact('dead_at')} AS dead_at_key
       FROM dead_letters WHERE ${sql.where}
       ORDER BY dead_at, id LIMIT ${sql.bind(limit)}`,
      sql.params,
    );
  }

  /**
   * Marks a republished dead letter and counts it, once; false when this
   * replica no longer owns the job (then nothing is written).
   */
  async markReplayed(deadLetterId: string, jobId: string, owner: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH job AS (
         SELECT id FROM replays WHERE id = $2 AND owner = $3 AND status = 'running' FOR UPDATE
       ), marked AS (
         UPDATE dead_letters
         SET replayed_at = now(), replay_count = replay_count + 1, last_replay_id = $2
         WHERE id = $1 AND last_replay_id IS DISTINCT FROM $2 AND EXISTS (SELECT 1 FROM job)
         RETURNING 1
       ), counted AS (
         UPDATE replays SET published = published + (SELECT count(*) FROM marked)::int
         WHERE id IN (SELECT id FROM job) RETURNING id
       )
       SELECT id FROM counted`,
      [deadLetterId, jobId, owner],
    );
    return rows.length === 1;
  }

  async finish(
    jobId: string,
    owner: string,
    status: 'done' | 'failed',
    error: string | null = null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE replays SET status = $3, error = $4, finished_at = now(), owner = NULL,
         lease_until = NULL
       WHERE id = $1 AND owner = $2 AND status = 'running'`,
      [jobId, owner, status, error],
    );
  }

  /** Gives up this replica's jobs (shutdown) so the next start or another replica resumes them at once. */
  async release(owner: string): Promise<void> {
    await this.db.query(
      `UPDATE replays SET owner = NULL, lease_until = NULL WHERE owner = $1 AND status = 'running'`,
      [owner],
    );
  }
}
