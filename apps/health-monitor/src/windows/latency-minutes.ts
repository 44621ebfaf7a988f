import { MINUTE_MS } from './minute-counts.js';

interface MinuteLatency {
  count: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
}

export interface ResponseTimes {
  /** Responses the figures are computed from. */
  responses: number;
  fastestMs: number | null;
  averageMs: number | null;
  slowestMs: number | null;
}

/**
 * Fastest, average and slowest response time over the last `spanMinutes`
 * minutes (default 30), kept as one aggregate per minute (count, sum, min,
 * max) — exact for the minutes it covers, O(span) memory whatever the
 * traffic. The window is the current minute and the `spanMinutes - 1` before
 * it, so it covers between `spanMinutes - 1` and `spanMinutes` minutes of time.
 */
export class LatencyMinutes {
  private readonly minutes = new Map<number, MinuteLatency>();

  constructor(private readonly spanMinutes: number) {}

  add(at: number, latencyMs: number, now: number): void {
    const minute = Math.floor(at / MINUTE_MS);
    if (!this.inSpan(minute, now)) return;
    const entry = this.minutes.get(minute);
    if (!entry) {
      this.minutes.set(minute, { count: 1, sumMs: latencyMs, minMs: latencyMs, maxMs: latencyMs });
      if (this.minutes.size > this.spanMinutes + 1) this.prune(now);
      return;
    }
    entry.count += 1;
    entry.sumMs += latencyMs;
    entry.minMs = Math.min(entry.minMs, latencyMs);
    entry.maxMs = Math.max(entry.maxMs, latencyMs);
  }

  /** Adds a minute's aggregate read back from the attempt log. */
  addAggregate(minuteStart: number, aggregate: MinuteLatency, now: number): void {
    const minute = Math.floor(minuteStart / MINUTE_MS);
    if (aggregate.count <= 0 || !this.inSpan(minute, now)) return;
    this.minutes.set(minute, { ...aggregate });
  }

  figures(now: number): ResponseTimes {
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const [minute, entry] of this.minutes) {
      if (!this.inSpan(minute, now)) continue;
      count += entry.count;
      sum += entry.sumMs;
      min = Math.min(min, entry.minMs);
      max = Math.max(max, entry.maxMs);
    }
    if (count === 0) return { responses: 0, fastestMs: null, averageMs: null, slowestMs: null };
    return {
      responses: count,
      fastestMs: round(min),
      averageMs: round(sum / count),
      slowestMs: round(max),
    };
  }

  prune(now: number): boolean {
    for (const minute of this.minutes.keys()) {
      if (!this.inSpan(minute, now)) this.minutes.delete(minute);
    }
    return this.minutes.size === 0;
  }

  private inSpan(minute: number, now: number): boolean {
    return minute > Math.floor(now / MINUTE_MS) - this.spanMinutes;
  }
}

/** Milliseconds to one decimal: enough for a dashboard, stable in JSON. */
const round = (ms: number) => Math.round(ms * 10) / 10;
