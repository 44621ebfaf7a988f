import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AttemptOutcome } from '@herald/contracts';
import { AttemptLog } from './attempt-log.js';
import { LogMetrics } from './log-metrics.js';

export interface BatchSettings {
  /** Most outcomes written by one statement. */
  maxBatch: number;
  /** Longest an outcome waits for companions before its batch is written. */
  lingerMs: number;
}

export const BATCH_SETTINGS = Symbol('BATCH_SETTINGS');

interface Waiting {
  outcome: AttemptOutcome;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/** The seam: one multi-row insert that reports which ids it stored. */
export type InsertMany = Pick<AttemptLog, 'insertMany'>;

/**
 * Batches attempt-log writes on the hot path. Outcomes handled concurrently
 * (the consumer runs many handlers at once) are written together, in one
 * statement, when the batch is full or `lingerMs` after its first outcome.
 * Invariants: `record` resolves only once its row is committed (the caller
 * acks after), so batching never weakens at-least-once; it resolves `true`
 * for exactly one caller per newly stored attempt id — also when the same
 * outcome is twice in one batch; a failed write rejects every caller of the
 * batch (each is redelivered and retried).
 */
@Injectable()
export class AttemptWriter implements BeforeApplicationShutdown {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    @Inject(AttemptLog) private readonly log: InsertMany,
    @Inject(BATCH_SETTINGS) private readonly settings: BatchSettings,
    private readonly metrics: LogMetrics,
  ) {}

  record(outcome: AttemptOutcome): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ outcome, resolve, reject });
      if (this.waiting.length >= this.settings.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.settings.lingerMs);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.writing]);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.settings.maxBatch);
      const write = this.write(batch).finally(() => this.writing.delete(write));
      this.writing.add(write);
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    const started = performance.now();
    try {
      const inserted = await this.log.insertMany(batch.map((w) => w.outcome));
      this.metrics.batchWritten(batch.length, (performance.now() - started) / 1_000);
      for (const waiting of batch) {
        const id = waiting.outcome.attemptId;
        // Only the first caller of a newly stored id learns it was new.
        waiting.resolve(inserted.delete(id));
      }
    } catch (error) {
      this.metrics.batchFailed();
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
