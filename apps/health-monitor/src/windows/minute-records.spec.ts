import { describe, expect, it } from '@jest/globals';
import { LatencyMinutes, type ResponseTimes } from './latency-minutes.js';
import {
  COUNT_KINDS,
  MINUTE_MS,
  MinuteCounts,
  type CountKind,
  type Counts,
  type MinuteBucket,
} from './minute-counts.js';
import { MinuteRecords } from './minute-records.js';

/** A minute index in 2026, as the windows use them. */
const M0 = Math.floor(Date.parse('2026-11-22T10:00:00.000Z') / MINUTE_MS);

/** Records `[minute, value]` with a span of `span` minutes. */
const records = (span: number) => new MinuteRecords(Uint32Array, 2, span);

/** Adds `value` to the minute's record; the offset, -1 when nothing was stored. */
function put(
  r: MinuteRecords<Uint32Array<ArrayBuffer>>,
  minute: number,
  value: number,
  current: number,
) {
  const at = r.slot(minute, current);
  if (at >= 0) r.data[at + 1]! += value;
  return at;
}

/** The stored records as `[minute, value]` pairs, in storage order. */
function pairs(r: MinuteRecords<Uint32Array<ArrayBuffer>>): [number, number][] {
  const found: [number, number][] = [];
  for (let at = 0; at < r.end; at += r.width) found.push([r.data[at]!, r.data[at + 1]!]);
  return found;
}

const room = (r: MinuteRecords<Uint32Array<ArrayBuffer>>) => r.data.length / r.width;

describe('MinuteRecords', () => {
  it('lands out-of-order inserts sorted, each minute once', () => {
    const r = records(1_440);
    const current = M0 + 100;
    for (const [minute, value] of [
      [M0 + 50, 1],
      [M0 + 10, 2],
      [M0 + 30, 3],
      [M0 + 20, 4],
      [M0 + 60, 5],
      [M0 + 10, 10],
      [M0 + 40, 6],
      [M0 + 60, 50],
      [M0 + 5, 7],
    ] as const) {
      put(r, minute, value, current);
    }
    expect(pairs(r)).toEqual([
      [M0 + 5, 7],
      [M0 + 10, 12],
      [M0 + 20, 4],
      [M0 + 30, 3],
      [M0 + 40, 6],
      [M0 + 50, 1],
      [M0 + 60, 55],
    ]);
    expect(r.size).toBe(7);
    expect(r.slot(M0 + 30, current)).toBe(3 * r.width);
  });

  it('zeroes the fields of a record inserted over cells a shift left behind', () => {
    const r = records(10);
    for (let m = 0; m < 8; m++) put(r, M0 + m, 100 + m, M0 + 7);
    expect(r.prune(M0 + 12)).toBe(5); // minutes 3 … 7 stay
    expect(put(r, M0 + 12, 0, M0 + 12)).toBe(5 * r.width);
    expect(pairs(r)).toEqual([
      [M0 + 3, 103],
      [M0 + 4, 104],
      [M0 + 5, 105],
      [M0 + 6, 106],
      [M0 + 7, 107],
      [M0 + 12, 0],
    ]);
  });

  it('starts with room for one record and keeps every count as it doubles', () => {
    const r = records(1_440);
    expect(room(r)).toBe(1);
    const current = M0 + 1_000;
    const rooms = new Set<number>();
    // Minutes in a scrambled order (a step coprime with 997) to insert everywhere.
    for (let i = 0; i < 997; i++) {
      const minute = M0 + 4 + ((i * 389) % 997);
      put(r, minute, minute - M0, current);
      put(r, minute, 1, current);
      rooms.add(room(r));
    }
    expect([...rooms]).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024]);
    expect(pairs(r)).toEqual(
      Array.from({ length: 997 }, (_, i) => [M0 + 4 + i, 4 + i + 1] as [number, number]),
    );
  });

  it('never grows past the span and two minutes: a full array drops what left the span', () => {
    const r = records(100);
    let most = 0;
    for (let m = 0; m < 1_000; m++) {
      put(r, M0 + m, 1, M0 + m);
      most = Math.max(most, room(r));
    }
    expect(most).toBe(102);
    expect(room(r)).toBe(102);
    // The oldest kept minute is at most two minutes out of the span, the newest is the last one.
    const kept = pairs(r).map(([minute]) => minute);
    expect(kept[0]).toBeGreaterThanOrEqual(M0 + 1_000 - 1 - 100 - 2);
    expect(kept.at(-1)).toBe(M0 + 999);
    expect(r.start(M0 + 999)).toBe((kept.length - 100) * r.width);
  });

  it('grows past the cap only for minutes later than the current one', () => {
    const r = records(2);
    for (let m = 0; m < 10; m++) put(r, M0 + m, 1, M0);
    expect(r.size).toBe(10);
    expect(pairs(r).map(([minute]) => minute - M0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stores nothing for a minute that left the span', () => {
    const r = records(60);
    expect(put(r, M0 - 60, 1, M0)).toBe(-1); // 60 minutes before the current one: outside
    expect(put(r, M0 - 59, 1, M0)).toBe(0);
    expect(pairs(r)).toEqual([[M0 - 59, 1]]);
  });

  it('prunes exactly the records that left the span, and gives room back', () => {
    const r = records(60);
    for (let m = 0; m < 50; m++) put(r, M0 + m, m + 1, M0 + 49);
    expect(room(r)).toBe(62); // 1, 2 … 32, then the cap
    expect(r.prune(M0 + 59)).toBe(50); // minute 0 is the oldest in the span
    expect(r.prune(M0 + 60)).toBe(49);
    expect(pairs(r)[0]).toEqual([M0 + 1, 2]);
    expect(r.prune(M0 + 100)).toBe(9); // minutes 41 … 49 stay
    expect(pairs(r)).toEqual(
      Array.from({ length: 9 }, (_, i) => [M0 + 41 + i, 42 + i] as [number, number]),
    );
    expect(room(r)).toBe(18);
    expect(r.prune(M0 + 200)).toBe(0);
    expect(room(r)).toBe(1);
    expect(put(r, M0 + 200, 3, M0 + 200)).toBe(0);
    expect(pairs(r)).toEqual([[M0 + 200, 3]]);
  });
});

/** Uniform in [0, 1), from a 32-bit seed: the same walk on every run. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The windows' rules over a plain map of minutes, rebuilt from the specification. */
class CountsModel {
  private readonly minutes = new Map<number, number[]>();

  constructor(private readonly span: number) {}

  add(at: number, kind: CountKind, n: number, now: number): void {
    const minute = Math.floor(at / MINUTE_MS);
    if (n <= 0 || !inSpan(minute, now, this.span)) return;
    const counts = this.minutes.get(minute) ?? [0, 0, 0, 0];
    counts[COUNT_KINDS.indexOf(kind)]! += n;
    this.minutes.set(minute, counts);
  }

  buckets(now: number): MinuteBucket[] {
    return [...this.minutes]
      .filter(([minute, counts]) => inSpan(minute, now, this.span) && counts.some((c) => c > 0))
      .sort(([a], [b]) => a - b)
      .map(([minute, [successful, slow, error, rejected]]) => ({
        start: minute * MINUTE_MS,
        successful: successful!,
        slow: slow!,
        error: error!,
        rejected: rejected!,
      }));
  }

  totals(now: number, minutes = this.span): Counts {
    const first = Math.floor(now / MINUTE_MS) - Math.min(minutes, this.span);
    const sums = { successful: 0, slow: 0, error: 0, rejected: 0 };
    for (const bucket of this.buckets(now)) {
      if (bucket.start / MINUTE_MS <= first) continue;
      for (const kind of COUNT_KINDS) sums[kind] += bucket[kind];
    }
    return sums;
  }

  prune(now: number): boolean {
    for (const minute of this.minutes.keys()) {
      if (!inSpan(minute, now, this.span)) this.minutes.delete(minute);
    }
    return this.buckets(now).length === 0;
  }
}

interface Aggregate {
  count: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
}

class LatencyModel {
  private readonly minutes = new Map<number, Aggregate>();

  constructor(private readonly span: number) {}

  add(at: number, latencyMs: number, now: number): void {
    const minute = Math.floor(at / MINUTE_MS);
    if (!inSpan(minute, now, this.span)) return;
    const entry = this.minutes.get(minute);
    this.minutes.set(minute, {
      count: (entry?.count ?? 0) + 1,
      sumMs: (entry?.sumMs ?? 0) + latencyMs,
      minMs: Math.min(entry?.minMs ?? Infinity, latencyMs),
      maxMs: Math.max(entry?.maxMs ?? -Infinity, latencyMs),
    });
  }

  addAggregate(minuteStart: number, aggregate: Aggregate, now: number): void {
    const minute = Math.floor(minuteStart / MINUTE_MS);
    if (aggregate.count > 0 && inSpan(minute, now, this.span)) this.minutes.set(minute, aggregate);
  }

  figures(now: number): ResponseTimes {
    const kept = [...this.minutes].filter(([minute]) => inSpan(minute, now, this.span));
    const count = kept.reduce((n, [, e]) => n + e.count, 0);
    if (count === 0) return { responses: 0, fastestMs: null, averageMs: null, slowestMs: null };
    const sum = kept.reduce((n, [, e]) => n + e.sumMs, 0);
    const tenths = (ms: number) => Math.round(ms * 10) / 10;
    return {
      responses: count,
      fastestMs: tenths(Math.min(...kept.map(([, e]) => e.minMs))),
      averageMs: tenths(sum / count),
      slowestMs: tenths(Math.max(...kept.map(([, e]) => e.maxMs))),
    };
  }

  prune(now: number): boolean {
    for (const minute of this.minutes.keys()) {
      if (!inSpan(minute, now, this.span)) this.minutes.delete(minute);
    }
    return this.minutes.size === 0;
  }
}

const inSpan = (minute: number, now: number, span: number) =>
  minute > Math.floor(now / MINUTE_MS) - span;

/**
 * Thousands of steps of a seeded walk: `now` advances (now and then by more
 * than a span), counts and latencies land at random minutes inside and
 * outside the span and a few minutes ahead, aggregates replace minutes,
 * prunes come at random; after every step, every figure of `MinuteCounts`
 * and `LatencyMinutes` equals the map's. Latencies are quarters of a
 * millisecond, so sums are exact in any order.
 */
describe.each([
  { histogram: 60, responseTimes: 7, seed: 0x5eed },
  { histogram: 1_440, responseTimes: 30, seed: 0xbeef },
])(
  'MinuteCounts and LatencyMinutes against a map of minutes ($histogram / $responseTimes min)',
  ({ histogram, responseTimes, seed }) => {
    it('agree at every step of a 5,000-step random walk', () => {
      const random = prng(seed);
      const int = (below: number) => Math.floor(random() * below);
      const counts = new MinuteCounts(histogram);
      const latency = new LatencyMinutes(responseTimes);
      const countsModel = new CountsModel(histogram);
      const latencyModel = new LatencyModel(responseTimes);
      /** A time from `span + 3` minutes before `now` to 3 minutes after it. */
      const around = (now: number, span: number) =>
        now + 3 * MINUTE_MS - int((span + 6) * MINUTE_MS);
      let now = M0 * MINUTE_MS + 17_000;
      let pruned = 0;
      let emptied = 0;
      for (let step = 0; step < 5_000; step++) {
        now += random() < 0.01 ? int(2 * histogram * MINUTE_MS) : int(90_000);
        const op = random();
        if (op < 0.45) {
          const at = around(now, histogram);
          const kind = COUNT_KINDS[int(4)]!;
          const n = int(6) - 1;
          counts.add(at, kind, n, now);
          countsModel.add(at, kind, n, now);
        } else if (op < 0.75) {
          const at = around(now, responseTimes);
          const ms = int(40_000) / 4;
          latency.add(at, ms, now);
          latencyModel.add(at, ms, now);
        } else if (op < 0.85) {
          const start = Math.floor(around(now, responseTimes) / MINUTE_MS) * MINUTE_MS;
          const minMs = int(4_000) / 4;
          const maxMs = minMs + int(4_000) / 4;
          const count = int(4);
          const aggregate = { count, sumMs: count * minMs + maxMs - minMs, minMs, maxMs };
          latency.addAggregate(start, aggregate, now);
          latencyModel.addAggregate(start, aggregate, now);
        } else {
          const countsEmpty = countsModel.prune(now);
          const latencyEmpty = latencyModel.prune(now);
          expect({ step, empty: [counts.prune(now), latency.prune(now)] }).toEqual({
            step,
            empty: [countsEmpty, latencyEmpty],
          });
          pruned += 1;
          if (countsEmpty) emptied += 1;
        }
        const minutes = int(histogram + 10);
        expect({
          step,
          buckets: counts.buckets(now),
          totals: counts.totals(now),
          recent: counts.totals(now, minutes),
          responseTimes: latency.figures(now),
        }).toEqual({
          step,
          buckets: countsModel.buckets(now),
          totals: countsModel.totals(now),
          recent: countsModel.totals(now, minutes),
          responseTimes: latencyModel.figures(now),
        });
      }
      // The walk went through prunes, and through windows emptied by time.
      expect(pruned).toBeGreaterThan(500);
      expect(emptied).toBeGreaterThan(0);
    });
  },
);
