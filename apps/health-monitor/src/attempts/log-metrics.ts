import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@herald/observability';

/** Health of the attempt log itself: batch sizes, write latency, failed writes, pruning. */
@Injectable()
export class LogMetrics {
  private readonly batchSize: Histogram;
  private readonly writeSeconds: Histogram;
  private readonly failures: Counter;
  private readonly pruned: Counter<'table'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.batchSize = new Histogram({
      name: 'herald_attempt_log_batch_size',
      help: 'Attempt outcomes written to the attempt log per batched insert',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
      registers,
    });
    this.writeSeconds = new Histogram({
      name: 'herald_attempt_log_write_duration_seconds',
      help: 'Duration of one batched insert into the attempt log',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.failures = new Counter({
      name: 'herald_attempt_log_write_failures_total',
      help: 'Batched inserts into the attempt log that failed (their outcomes are redelivered)',
      registers,
    });
    this.pruned = new Counter({
      name: 'herald_attempt_log_pruned_rows_total',
      help: 'Rows deleted by retention, by table (attempts, rejections)',
      labelNames: ['table'],
      registers,
    });
  }

  batchWritten(size: number, seconds: number): void {
    this.batchSize.observe(size);
    this.writeSeconds.observe(seconds);
  }

  batchFailed(): void {
    this.failures.inc();
  }

  prunedRows(table: 'attempts' | 'rejections', rows: number): void {
    this.pruned.inc({ table }, rows);
  }
}
