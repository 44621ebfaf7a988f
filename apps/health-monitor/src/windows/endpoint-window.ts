import type { WindowSettings } from '../settings.js';
import { classify, isResponse, type WindowAttempt } from './classify.js';
import { LatencyMinutes, type ResponseTimes } from './latency-minutes.js';
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
 */
export class EndpointWindow {
  private readonly counts: MinuteCounts;
  private readonly latency: LatencyMinutes;
  private readonly errors: LatestErrors;
  private lastAttemptAt: number | null = null;

  constructor(private readonly settings: WindowSettings) {
    this.counts = new MinuteCounts(settings.histogramMinutes);
    this.latency = new LatencyMinutes(settings.responseTimeMinutes);
    this.errors = new LatestErrors(settings.latestErrors);
  }

  observe(attempt: WindowAttempt, slowMs: number, now: number): void {
    const at = Date.parse(attempt.at);
    if (at <= now - this.spanMs) return;
    this.counts.add(at, classify(attempt, slowMs), 1, now);
    if (isResponse(attempt)) this.latency.add(at, attempt.latencyMs, now);
    if (attempt.outcome === 'failure') this.errors.add(attempt);
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
    this.latency.addAggregate(minuteStart, aggregate, now);
  }

  restoreError(attempt: WindowAttempt): void {
    this.errors.add(attempt);
  }

  /** Attempt counts over the last `minutes` minutes (the state window). */
  recent(now: number, minutes: number): Counts {
    return this.counts.totals(now, minutes);
  }

  figures(now: number): WindowFigures {
    return {
      buckets: this.counts.buckets(now),
      totals: this.counts.totals(now),
      responseTimes: this.latency.figures(now),
      latestErrors: this.errors.list(now - this.spanMs),
      lastAttemptAt: this.lastAttemptAt,
    };
  }

  /** Drops what left the windows; true when nothing is left (the endpoint can be forgotten). */
  prune(now: number): boolean {
    const counts = this.counts.prune(now);
    const latency = this.latency.prune(now);
    const errors = this.errors.prune(now - this.spanMs);
    return counts && latency && errors;
  }

  private get spanMs(): number {
    return this.settings.histogramMinutes * MINUTE_MS;
  }
}
