import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deliveryTaskId, deliveryTaskSchema, type DeliveryTask } from '@herald/contracts';
import { GroupWriter } from '@herald/database';
import { Publisher } from '@herald/messaging';
import type { ParkReason } from './park-decision.js';

/**
 * Long waits of delivery tasks, in Postgres. Invariants: a task is parked
 * (committed) before its JetStream message is acked, so nothing is lost in
 * between; parking the same task twice keeps one row (the earlier due time
 * wins); a due task is republished to JetStream before its row is deleted, in
 * one transaction that locks the rows it takes (`SKIP LOCKED`: replicas never
 * take the same row), so a crash in between republishes it again — the
 * republish carries a de-duplication id unique to the row, never the task's
 * original one, which JetStream may still remember. Tasks parked together
 * (a saturated replica parks its tenants' backlog at the rate it pulls) are
 * group-committed: one `INSERT … unnest` per batch (`GroupWriter`), the same
 * task twice in one batch isolated by the writer's split.
 */
interface Parked {
  task: DeliveryTask;
  reason: ParkReason;
  dueAt: Date;
}

@Injectable()
export class ParkingLot {
  private readonly parks: GroupWriter<Parked, void>;

  constructor(
    private readonly db: DataSource,
    private readonly publisher: Publisher,
  ) {
    this.parks = new GroupWriter((rows) => this.parkMany(rows), {
      maxBatch: 500,
      maxConcurrentWrites: 2,
    });
  }

  /** Parks the task (committed when this resolves); parks made together share one statement. */
  park(task: DeliveryTask, reason: ParkReason, dueAtMs: number): Promise<void> {
    return this.parks.submit({ task, reason, dueAt: new Date(dueAtMs) });
  }

  private async parkMany(rows: Parked[]): Promise<void[]> {
    await this.db.query(
      `INSERT INTO parked_tasks (task_id, tenant_id, endpoint_id, reason, task, due_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
         $6::timestamptz[])
       ON CONFLICT (task_id) DO UPDATE SET
         due_at = LEAST(parked_tasks.due_at, EXCLUDED.due_at), reason = EXCLUDED.reason`,
      [
        rows.map((r) => deliveryTaskId(r.task)),
        rows.map((r) => r.task.tenantId),
        rows.map((r) => r.task.endpointId),
        rows.map((r) => r.reason),
        rows.map((r) => JSON.stringify(r.task)),
        rows.map((r) => r.dueAt),
      ],
    );
    return rows.map(() => undefined);
  }

  /** Republishes up to `limit` due tasks; returns how many. */
  async releaseDue(limit: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; task: string }[]>(
        `SELECT id, task FROM parked_tasks WHERE due_at <= now()
         ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await Promise.all(
        rows.map((row) => {
          const task = deliveryTaskSchema.parse(JSON.parse(row.task));
          const msgId = `${deliveryTaskId(task)}:unparked:${row.id}`;
          return this.publisher.publish('deliver.v1', task.endpointId, task, msgId);
        }),
      );
      await tx.query('DELETE FROM parked_tasks WHERE id = ANY($1::bigint[])', [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  /** Endpoints that have held tasks (parked while disabled). */
  async endpointsWithHeldTasks(): Promise<string[]> {
    const rows = await this.db.query<{ endpoint_id: string }[]>(
      "SELECT DISTINCT endpoint_id FROM parked_tasks WHERE reason = 'endpoint_disabled'",
    );
    return rows.map((row) => row.endpoint_id);
  }

  /** Makes an endpoint's held tasks due now (it was enabled again, or deleted). */
  async releaseHeld(endpointId: string): Promise<void> {
    await this.db.query(
      `UPDATE parked_tasks SET due_at = now(), reason = 'not_before'
       WHERE endpoint_id = $1 AND reason = 'endpoint_disabled'`,
      [endpointId],
    );
  }

  /** Tenants with tasks parked as `backlog`. */
  async tenantsWithBacklog(): Promise<string[]> {
    const rows = await this.db.query<{ tenant_id: string }[]>(
      "SELECT DISTINCT tenant_id FROM parked_tasks WHERE reason = 'backlog'",
    );
    return rows.map((row) => row.tenant_id);
  }

  /**
   * Makes up to `limit` of a tenant's backlog due now, oldest first, leaving
   * that of the `except` endpoints parked; returns how many.
   */
  async releaseBacklog(tenantId: string, limit: number, except: string[] = []): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = await this.db.query<[unknown[], number]>(
      `UPDATE parked_tasks SET due_at = now(), reason = 'not_before'
       WHERE id IN (SELECT id FROM parked_tasks WHERE tenant_id = $1 AND reason = 'backlog'
                      AND endpoint_id <> ALL($3::text[])
                    ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [tenantId, limit, except],
    );
    return affected;
  }

  /** Parked tasks by reason (for metrics and tests). */
  async counts(): Promise<Record<ParkReason, number>> {
    const rows = await this.db.query<{ reason: ParkReason; n: string }[]>(
      'SELECT reason, count(*) AS n FROM parked_tasks GROUP BY reason',
    );
    const counts = {
      not_before: 0,
      endpoint_paused: 0,
      endpoint_disabled: 0,
      breaker_open: 0,
      backlog: 0,
    };
    for (const row of rows) counts[row.reason] = Number(row.n);
    return counts;
  }
}
