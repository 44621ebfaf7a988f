import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AttemptOutcome } from '@herald/contracts';
import { GroupWriter } from '@herald/database';
import { AttemptLog } from './attempt-log.js';
import { LogMetrics } from './log-metrics.js';

export interface BatchSettings {
  /** Most outcomes written by one statement. */
  maxBatch: number;
  /** Longest an outcome waits for companions before its batch is written. */
  lingerMs: number;
}

export const BATCH_SETTINGS = Symbol('BATCH_SETTINGS');

/** The seam: one multi-row insert that reports which ids it stored. */
export type InsertMany = Pick<AttemptLog, 'insertMany'>;

/**
 * Batches attempt-log writes on the hot path (a `GroupWriter`). Outcomes
 * handled concurrently (the consumer runs many handlers at once) are written
 * together, in one statement, when the batch is full or `lingerMs` after its
 * first outcome.
 * Invariants: `record` resolves only once its row is committed (the caller
 * acks after), so batching never weakens at-least-once; it resolves `true`
 * for exactly one caller per newly stored attempt id — also when the same
 * outcome is twice in one batch; a failed write rejects every caller of the
 * batch that fails, but a batch is split until the row at fault is alone
 * (`GroupWriter`), so only its caller is rejected and redelivered.
 */
@Injectable()
export class AttemptWriter implements BeforeApplicationShutdown {
  private readonly writer: GroupWriter<AttemptOutcome, boolean>;

  constructor(
    @Inject(AttemptLog) private readonly log: InsertMany,
    @Inject(BATCH_SETTINGS) settings: BatchSettings,
    private readonly metrics: LogMetrics,
  ) {
    this.writer = new GroupWriter((outcomes) => this.write(outcomes), settings);
  }

  record(outcome: AttemptOutcome): Promise<boolean> {
    return this.writer.submit(outcome);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.writer.flushNow();
  }

  private async write(outcomes: AttemptOutcome[]): Promise<boolean[]> {
    const started = performance.now();
    try {
      const inserted = await this.log.insertMany(outcomes);
      this.metrics.batchWritten(outcomes.length, (performance.now() - started) / 1_000);
      // Only the first caller of a newly stored id learns it was new.
      return outcomes.map((outcome) => inserted.delete(outcome.attemptId));
    } catch (error) {
      this.metrics.batchFailed();
      throw error;
    }
  }
}
