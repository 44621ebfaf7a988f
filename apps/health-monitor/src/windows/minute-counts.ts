import { MinuteRecords } from './minute-records.js';

/**
 * Per-minute counters over a sliding span (default 24 h), in memory. Plain
 * data: no I/O, no clock — every call takes `now` (epoch ms).
 *
 * Storage is one record per minute that saw something — the minute and its
 * four counters, 20 bytes — in one typed array sorted by minute
 * (`MinuteRecords`): an endpoint busy all day costs ~29 KB (room for 1,442
 * records), one that saw a single minute ~240 bytes (one record, in an array
 * small enough to live in the JS heap, with the array's own objects).
 *
 * Invariants: a count older than the span is never stored or reported; a
 * minute is reported once, with every count added to it; a stored minute has
 * a count above zero (a record is made only by an add of one); `prune` drops
 * the minutes that have left the span.
 */
export const COUNT_KINDS = ['successful', 'slow', 'error', 'rejected'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];
export type Counts = Record<CountKind, number>;

export const MINUTE_MS = 60_000;
/**
 * The minute (index since the epoch) an epoch-ms time falls in. The span is
 * the minute of `now` and the `spanMinutes - 1` before it (later minutes:
 * clock skew, kept).
 */
export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);
/** A record: the minute, then one counter per kind in `COUNT_KINDS` order. */
const WIDTH = 1 + COUNT_KINDS.length;

export interface MinuteBucket extends Counts {
  /** Start of the minute (epoch ms). */
  start: number;
}

export const zeroCounts = (): Counts => ({ successful: 0, slow: 0, error: 0, rejected: 0 });

export class MinuteCounts {
  private readonly records: MinuteRecords<Uint32Array<ArrayBuffer>>;

  constructor(private readonly spanMinutes: number) {
    this.records = new MinuteRecords(Uint32Array, WIDTH, spanMinutes);
  }

  add(at: number, kind: CountKind, n: number, now: number): void {
    if (n <= 0) return;
    const slot = this.records.slot(minuteOf(at), minuteOf(now));
    if (slot >= 0) this.records.data[slot + 1 + COUNT_KINDS.indexOf(kind)]! += n;
  }

  /** Every minute in the span with a non-zero count, oldest first. */
  buckets(now: number): MinuteBucket[] {
    const found: MinuteBucket[] = [];
    const data = this.records.data;
    for (let at = this.records.start(minuteOf(now)); at < this.records.end; at += WIDTH) {
      found.push({
        start: data[at]! * MINUTE_MS,
        successful: data[at + 1]!,
        slow: data[at + 2]!,
        error: data[at + 3]!,
        rejected: data[at + 4]!,
      });
    }
    return found;
  }

  /** Sums over the last `minutes` minutes, the current one included. */
  totals(now: number, minutes = this.spanMinutes): Counts {
    const sums = zeroCounts();
    const first = minuteOf(now) - Math.min(minutes, this.spanMinutes);
    const data = this.records.data;
    for (let at = this.records.start(minuteOf(now)); at < this.records.end; at += WIDTH) {
      if (data[at]! <= first) continue;
      sums.successful += data[at + 1]!;
      sums.slow += data[at + 2]!;
      sums.error += data[at + 3]!;
      sums.rejected += data[at + 4]!;
    }
    return sums;
  }

  /** Drops the minutes that left the span; true when no count in the span is left. */
  prune(now: number): boolean {
    return this.records.prune(minuteOf(now)) === 0;
  }
}
