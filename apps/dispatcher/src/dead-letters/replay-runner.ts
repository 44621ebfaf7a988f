import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliveryTaskId } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { ReplayPacer } from './replay-pacer.js';
import { replayTask } from './replay-task.js';
import { ReplayStore, type ReplayJob } from './replay.store.js';

const BATCH = 100;
/** Consecutive errors (NATS or Postgres away) a job rides out before it is marked failed. */
export const MAX_CONSECUTIVE_FAILURES = 8;
const backoffMs = (failures: number) => Math.min(30_000, 1_000 * 2 ** (failures - 1));

/**
 * Runs one replay job on this replica: takes its dead letters oldest first,
 * republishes each as a fresh task at the tenant's pace, and marks it.
 * Publish comes before mark, so a crash in between republishes that dead
 * letter on resume under the same `Nats-Msg-Id` — JetStream drops it within
 * its two-minute window. Returns when the job is done, failed, aborted
 * (shutdown) or no longer owned by this replica.
 */
@Injectable()
export class ReplayRunner {
  private readonly logger = new Logger(ReplayRunner.name);

  constructor(
    private readonly store: ReplayStore,
    private readonly publisher: Publisher,
    private readonly pacer: ReplayPacer,
  ) {}

  async run(job: ReplayJob, owner: string, signal: AbortSignal): Promise<void> {
    let after: { deadAt: string; id: string } | null = null;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const batch = await this.store.candidates(job, after, BATCH);
        if (batch.length === 0) {
          await this.store.finish(job.id, owner, 'done');
          return;
        }
        for (const row of batch) {
          await this.pacer.next(job.tenantId, signal);
          const task = replayTask(job, row);
          await this.publisher.publish('deliver.v1', task.endpointId, task, deliveryTaskId(task));
          if (!(await this.store.markReplayed(row.id, job.id, owner))) return;
          after = { deadAt: row.dead_at_key, id: row.id };
          failures = 0;
        }
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        const message = (error as Error).message;
        if (failures >= MAX_CONSECUTIVE_FAILURES) {
          this.logger.error(`replay ${job.id} failed: ${message}`);
          await this.store.finish(job.id, owner, 'failed', message);
          return;
        }
        this.logger.warn(`replay ${job.id}: ${message}; retrying (${failures})`);
        await sleep(backoffMs(failures), undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
