import { minuteOf } from './minute-counts.js';
import { MinuteRecords } from './minute-records.js';

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

export const noResponseTimes = (): ResponseTimes => ({
  responses: 0,
  fastestMs: null,
  averageMs: null,
  slowestMs: null,
});

/** A record: the minute, count, sum, min, max (ms). */
const WIDTH = 5;
const COUNT = 1;
const SUM = 2;
const MIN = 3;
const MAX = 4;

/**
 * Fastest, average and slowest response time over the last `spanMinutes`
 * minutes (default 30), kept as one aggregate per minute (count, sum, min,
 * max: with the minute, a 40-byte record in one typed array sorted by
 * minute, `MinuteRecords`) — exact for the minutes it covers, O(span) memory
 * whatever the traffic. The window is the current minute and the
 * `spanMinutes - 1` before it, so it covers between `spanMinutes - 1` and
 * `spanMinutes` minutes of time. A stored minute's count is never zero.
 */
export class LatencyMinutes {
  private readonly records: MinuteRecords<Float64Array<ArrayBuffer>>;

  constructor(spanMinutes: number) {
    this.records = new MinuteRecords(Float64Array, WIDTH, spanMinutes);
  }

  add(at: number, latencyMs: number, now: number): void {
    const slot = this.records.slot(minuteOf(at), minuteOf(now));
    if (slot < 0) return;
    const data = this.records.data;
    if (data[slot + COUNT] === 0) {
      data[slot + COUNT] = 1;
      data[slot + SUM] = latencyMs;
      data[slot + MIN] = latencyMs;
      data[slot + MAX] = latencyMs;
      return;
    }
    data[slot + COUNT]! += 1;
    data[slot + SUM]! += latencyMs;
    data[slot + MIN] = Math.min(data[slot + MIN]!, latencyMs);
    data[slot + MAX] = Math.max(data[slot + MAX]!, latencyMs);
  }

  /** Adds a minute's aggregate read back from the attempt log (replacing what the minute had). */
  addAggregate(minuteStart: number, aggregate: MinuteLatency, now: number): void {
    if (aggregate.count <= 0) return;
    const slot = this.records.slot(minuteOf(minuteStart), minuteOf(now));
    if (slot < 0) return;
    const data = this.records.data;
    data[slot + COUNT] = aggregate.count;
    data[slot + SUM] = aggregate.sumMs;
    data[slot + MIN] = aggregate.minMs;
    data[slot + MAX] = aggregate.maxMs;
  }

  figures(now: number): ResponseTimes {
    let count = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const data = this.records.data;
    for (let at = this.records.start(minuteOf(now)); at < this.records.end; at += WIDTH) {
      count += data[at + COUNT]!;
      sum += data[at + SUM]!;
      min = Math.min(min, data[at + MIN]!);
      max = Math.max(max, data[at + MAX]!);
    }
    if (count === 0) return noResponseTimes();
    return {
      responses: count,
      fastestMs: round(min),
      averageMs: round(sum / count),
      slowestMs: round(max),
    };
  }

  /** Drops the minutes that left the span; true when none is left. */
  prune(now: number): boolean {
    return this.records.prune(minuteOf(now)) === 0;
  }
}

/** Milliseconds to one decimal: enough for a dashboard, stable in JSON. */
const round = (ms: number) => Math.round(ms * 10) / 10;
