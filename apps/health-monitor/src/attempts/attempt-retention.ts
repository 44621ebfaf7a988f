import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@herald/observability';
import { CLOCK, PeriodicJob, type Clock } from '@herald/runtime';
import { LogMetrics } from './log-metrics.js';

export interface RetentionSettings {
  /** Rows whose `at` is older than this are deleted. */
  retentionMs: number;
  /** How often the pruner runs (it also runs once at start-up). */
  intervalMs: number;
  /** Rows deleted per statement, so no single delete holds locks for long. */
  chunk: number;
}

export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');

/** The tables retention applies to, each with its time column indexed. */
const TABLES = ['attempts', 'rejections'] as const;

/**
 * Deletes attempt-log rows (and rejection reports) older than the retention,
 * in the background: in chunks, each its own short statement, under a
 * session advisory lock so that only one health-monitor replica prunes at a
 * time (the others skip that round). A periodic job (`attempt-retention`):
 * a failed round is logged and counted, and the next one catches up.
 */
@Injectable()
export class AttemptRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AttemptRetention.name);
  private readonly job: PeriodicJob;
  /** Rows the latest round deleted. */
  private deleted = 0;

  constructor(
    private readonly db: DataSource,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: LogMetrics,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.job = new PeriodicJob({
      name: 'attempt-retention',
      intervalMs: settings.intervalMs,
      logger: this.logger,
      metrics: registry,
      run: async () => {
        this.deleted = 0;
        this.deleted = await this.pruneOnce();
      },
    });
  }

  onApplicationBootstrap(): void {
    void this.job.start({ immediate: true });
  }

  /**
   * One pruning round (or the one in progress); resolves with the rows it
   * deleted (0 when another replica holds the lock, or when it failed).
   */
  async prune(): Promise<number> {
    await this.job.runNow();
    return this.deleted;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  private async pruneOnce(): Promise<number> {
    const cutoff = new Date(this.clock.now() - this.settings.retentionMs);
    const runner = this.db.createQueryRunner();
    try {
      const [lock] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        'herald:health:retention',
      ])) as { locked: boolean }[];
      if (!lock?.locked) return 0;
      try {
        let total = 0;
        for (const table of TABLES) {
          for (;;) {
            const [result] = (await runner.query(
              `WITH deleted AS (
                 DELETE FROM ${table} WHERE ctid IN (
                   SELECT ctid FROM ${table} WHERE at < $1 LIMIT $2
                 ) RETURNING 1
               ) SELECT count(*)::int AS n FROM deleted`,
              [cutoff, this.settings.chunk],
            )) as { n: number }[];
            const deleted = result?.n ?? 0;
            this.metrics.prunedRows(table, deleted);
            total += deleted;
            if (deleted < this.settings.chunk) break;
          }
        }
        if (total > 0) this.logger.log(`pruned ${total} rows older than ${cutoff.toISOString()}`);
        return total;
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['herald:health:retention']);
      }
    } finally {
      await runner.release();
    }
  }
}
