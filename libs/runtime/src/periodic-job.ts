import { Counter, Histogram, type Registry } from 'prom-client';

/** What a periodic job reports to; a Nest `Logger` fits. */
export interface JobLogger {
  error(message: string): void;
}

export interface PeriodicJobOptions {
  /** Short stable name: the `job` label of its metrics and the prefix of its log lines. */
  name: string;
  /** Milliseconds between the start of one run and the next tick. */
  intervalMs: number;
  /** The work. A run that throws is logged and counted; the next tick runs again. */
  run: () => unknown;
  logger: JobLogger;
  /** Where `herald_job_runs_total` and `herald_job_duration_seconds` live. */
  metrics?: Registry;
}

const RUNS = 'herald_job_runs_total';
const DURATION = 'herald_job_duration_seconds';

function jobMetrics(registry: Registry): {
  runs: Counter<'job' | 'outcome'>;
  duration: Histogram<'job'>;
} {
  const runs =
    (registry.getSingleMetric(RUNS) as Counter<'job' | 'outcome'> | undefined) ??
    new Counter({
      name: RUNS,
      help: 'Runs of background periodic jobs, by job and outcome (ok or failed)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric(DURATION) as Histogram<'job'> | undefined) ??
    new Histogram({
      name: DURATION,
      help: 'How long each run of a background periodic job took',
      labelNames: ['job'],
      buckets: [0.005, 0.025, 0.1, 0.5, 2, 10, 60],
      registers: [registry],
    });
  return { runs, duration };
}

/**
 * A background job on a timer: the one way services run periodic work.
 *
 * - `start()` schedules it (and with `{ immediate: true }` runs it once first);
 * - runs never overlap: a tick while a run is in progress is skipped;
 * - a failing run is logged and counted, never thrown at the timer;
 * - `stop()` cancels the timer and waits for the run in progress;
 * - `runNow()` runs it at once (or joins the run in progress), for callers
 *   that need its effect before going on.
 *
 * The timer is unref'd: a job never keeps a process alive on its own.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly metrics?: ReturnType<typeof jobMetrics>;

  constructor(private readonly options: PeriodicJobOptions) {
    if (options.metrics) this.metrics = jobMetrics(options.metrics);
  }

  get name(): string {
    return this.options.name;
  }

  /** True once `start()` has scheduled the job and `stop()` has not been called. */
  get started(): boolean {
    return this.timer !== null;
  }

  async start(opts: { immediate?: boolean } = {}): Promise<void> {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runNow(), this.options.intervalMs);
    this.timer.unref();
    if (opts.immediate) await this.runNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  runNow(): Promise<void> {
    this.running ??= this.once().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async once(): Promise<void> {
    const started = performance.now();
    let outcome: 'ok' | 'failed' = 'ok';
    try {
      await this.options.run();
    } catch (error) {
      outcome = 'failed';
      this.options.logger.error(`${this.options.name} failed: ${(error as Error).message}`);
    } finally {
      this.metrics?.runs.inc({ job: this.options.name, outcome });
      this.metrics?.duration.observe(
        { job: this.options.name },
        (performance.now() - started) / 1000,
      );
    }
  }
}
