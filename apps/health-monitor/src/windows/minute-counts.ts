/**
 * Per-minute counters over a sliding span (default 24 h), in memory. Plain
 * data: no I/O, no clock — every call takes `now` (epoch ms).
 *
 * Storage is a set of one-hour chunks (60 minutes × 4 counters, 960 bytes),
 * allocated only for hours that saw something: an endpoint busy all day
 * costs ~23 KB, one that saw three requests costs ~1 KB.
 *
 * Invariants: a count older than the span is never stored or reported; a
 * minute is reported once, with every count added to it; `prune` drops
 * chunks that have left the span entirely.
 */
export const COUNT_KINDS = ['successful', 'slow', 'error', 'rejected'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];
export type Counts = Record<CountKind, number>;

export const MINUTE_MS = 60_000;
const CHUNK_MINUTES = 60;
const KINDS = COUNT_KINDS.length;

export interface MinuteBucket extends Counts {
  /** Start of the minute (epoch ms). */
  start: number;
}

export const zeroCounts = (): Counts => ({ successful: 0, slow: 0, error: 0, rejected: 0 });

export class MinuteCounts {
  private readonly chunks = new Map<number, Uint32Array>();

  constructor(private readonly spanMinutes: number) {}

  add(at: number, kind: CountKind, n: number, now: number): void {
    const minute = Math.floor(at / MINUTE_MS);
    if (n <= 0 || !this.inSpan(minute, now)) return;
    const chunkId = Math.floor(minute / CHUNK_MINUTES);
    let chunk = this.chunks.get(chunkId);
    if (!chunk) {
      chunk = new Uint32Array(CHUNK_MINUTES * KINDS);
      this.chunks.set(chunkId, chunk);
      if (this.chunks.size > this.spanMinutes / CHUNK_MINUTES + 2) this.prune(now);
    }
    chunk[(minute - chunkId * CHUNK_MINUTES) * KINDS + COUNT_KINDS.indexOf(kind)]! += n;
  }

  /** Every minute in the span with a non-zero count, oldest first. */
  buckets(now: number): MinuteBucket[] {
    const found: MinuteBucket[] = [];
    for (const chunkId of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(chunkId)!;
      for (let offset = 0; offset < CHUNK_MINUTES; offset++) {
        const minute = chunkId * CHUNK_MINUTES + offset;
        if (!this.inSpan(minute, now)) continue;
        const base = offset * KINDS;
        if (!chunk[base] && !chunk[base + 1] && !chunk[base + 2] && !chunk[base + 3]) continue;
        found.push({
          start: minute * MINUTE_MS,
          successful: chunk[base]!,
          slow: chunk[base + 1]!,
          error: chunk[base + 2]!,
          rejected: chunk[base + 3]!,
        });
      }
    }
    return found;
  }

  /** Sums over the last `minutes` minutes, the current one included. */
  totals(now: number, minutes = this.spanMinutes): Counts {
    const sums = zeroCounts();
    const first = Math.floor(now / MINUTE_MS) - Math.min(minutes, this.spanMinutes);
    for (const bucket of this.buckets(now)) {
      if (bucket.start / MINUTE_MS <= first) continue;
      for (const kind of COUNT_KINDS) sums[kind] += bucket[kind];
    }
    return sums;
  }

  /** Drops chunks wholly outside the span; true when no count in the span is left. */
  prune(now: number): boolean {
    for (const chunkId of this.chunks.keys()) {
      const lastMinute = (chunkId + 1) * CHUNK_MINUTES - 1;
      if (!this.inSpan(lastMinute, now)) this.chunks.delete(chunkId);
    }
    return this.chunks.size === 0 || this.buckets(now).length === 0;
  }

  /** The span is the current minute and the `spanMinutes - 1` before it (later minutes: clock skew, kept). */
  private inSpan(minute: number, now: number): boolean {
    return minute > Math.floor(now / MINUTE_MS) - this.spanMinutes;
  }
}
