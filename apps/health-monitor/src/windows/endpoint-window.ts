import type { WindowSettings } from '../settings.js';
import { classify, isResponse, type WindowAttempt } from './classify.js';
import { LatencyMinutes, noResponseTimes, type ResponseTimes } from './latency-minutes.js';
import { LatestErrors, type ErrorEntry } from './latest-errors.js';
import { MINUTE_MS, MinuteCounts, type Counts, type MinuteBucket } from './minute-counts.js';

export const DEFAULT_WINDOW_SETTINGS: WindowSettings = {
  histogramMinutes: 1_440,
  responseTimeMinutes: 30,
  latestErrors: 20,
};

/** Everything the health view shows of one endpoint's recent past. */
export interface WindowFigures {
  buckets: MinuteBucket[];
  totals: Counts;
  responseTimes: ResponseTimes;
  latestErrors: ErrorEntry[];
  lastAttemptAt: number | null;
}

/**
 * One endpoint's sliding windows, in memory: the per-minute histogram of
 * successful / slow / error / rejected, response times, latest errors. Plain
 * data — no I/O, no clock; every call takes `now`. Attempts older than the
 * histogram span are ignored, so a late redelivery cannot resurrect old data.
 *
 * The response times are made at the first response and the latest errors at
 * the first failure, and both are dropped by `prune` once empty: an endpoint
 * that never answers, or never fails, does not carry them.
 */
export class EndpointWindow {
  private readonly counts: MinuteCounts;
  private latency: LatencyMinutes | undefined;
  private errors: LatestErrors | undefined;
  private lastAttemptAt: number | null = null;

  constructor(private readonly settings: WindowSettings) {
    this.counts = new MinuteCounts(settings.histogramMinutes);
  }

  observe(attempt: WindowAttempt, slowMs: number, now: number): void {
    const at = Date.parse(attempt.at);
    if (at <= now - this.spanMs) return;
    this.counts.add(at, classify(attempt, slowMs), 1, now);
    if (isResponse(attempt)) this.latencyToFill().add(at, attempt.latencyMs, now);
    if (attempt.outcome === 'failure') this.errorsToFill().add(attempt);
    this.lastAttemptAt = Math.max(this.lastAttemptAt ?? at, at);
  }

  rejected(at: number, n: number, now: number): void {
    this.counts.add(at, 'rejected', n, now);
  }

  /** Adds a minute's counts read back from the attempt log, with its latest attempt (epoch ms). */
  restore(bucket: MinuteBucket, lastAt: number, now: number): void {
    for (const kind of ['successful', 'slow', 'error', 'rejected'] as const) {
      this.counts.add(bucket.start, kind, bucket[kind], now);
    }
    if (bucket.successful + bucket.slow + bucket.error > 0) {
      this.lastAttemptAt = Math.max(this.lastAttemptAt ?? lastAt, lastAt);
    }
  }

  restoreLatency(
    minuteStart: number,
    aggregate: { count: number; sumMs: number; minMs: number; maxMs: number },
    now: number,
  ): void {
    this.latencyToFill().addAggregate(minuteStart, aggregate, now);
  }

  restoreError(attempt: WindowAttempt): void {
    this.errorsToFill().add(attempt);
  }

  /** Attempt counts over the last `minutes` minutes (the state window). */
  recent(now: number, minutes: number): Counts {
    return this.counts.totals(now, minutes);
  }

  figures(now: number): WindowFigures {
    return {
      buckets: this.counts.buckets(now),
      totals: this.counts.totals(now),
      responseTimes: this.latency?.figures(now) ?? noResponseTimes(),
      latestErrors: this.errors?.list(now - this.spanMs) ?? [],
      lastAttemptAt: this.lastAttemptAt,
    };
  }

  /** Drops what left the windows; true when nothing is left (the endpoint can be forgotten). */
  prune(now: number): boolean {
    const counts = this.counts.prune(now);
    const latency = this.latency?.prune(now) ?? true;
    const errors = this.errors?.prune(now - this.spanMs) ?? true;
    if (latency) this.latency = undefined;
    if (errors) this.errors = undefined;
    return counts && latency && errors;
  }

  private latencyToFill(): LatencyMinutes {
    return (this.latency ??= new LatencyMinutes(this.settings.responseTimeMinutes));
  }

  private errorsToFill(): LatestErrors {
    return (this.errors ??= new LatestErrors(this.settings.latestErrors));
  }

  private get spanMs(): number {
    return this.settings.histogramMinutes * MINUTE_MS;
  }
}
