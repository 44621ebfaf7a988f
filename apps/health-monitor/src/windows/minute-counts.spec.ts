import { describe, expect, it } from '@jest/globals';
import { MINUTE_MS, MinuteCounts } from './minute-counts.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const min = (n: number, sec = 0) => T0 + n * MINUTE_MS + sec * 1_000;

describe('MinuteCounts', () => {
  it('buckets counts by the minute they happened in, oldest first, skipping empty minutes', () => {
    const counts = new MinuteCounts(1_440);
    const now = min(10);
    counts.add(min(0, 5), 'successful', 1, now);
    counts.add(min(0, 59), 'successful', 1, now);
    counts.add(min(0, 30), 'slow', 1, now);
    counts.add(min(3), 'error', 2, now);
    counts.add(min(3, 1), 'rejected', 7, now);
    expect(counts.buckets(now)).toEqual([
      { start: min(0), successful: 2, slow: 1, error: 0, rejected: 0 },
      { start: min(3), successful: 0, slow: 0, error: 2, rejected: 7 },
    ]);
    expect(counts.totals(now)).toEqual({ successful: 2, slow: 1, error: 2, rejected: 7 });
  });

  it('keeps exactly the span: the current minute and the 1439 before it', () => {
    const counts = new MinuteCounts(1_440);
    const now = min(1_440, 30); // minute 1440 is current
    counts.add(min(0), 'successful', 1, now); // 1440 minutes ago: outside
    counts.add(min(1), 'successful', 1, now); // 1439 minutes ago: inside
    counts.add(min(1_440), 'error', 1, now);
    expect(counts.buckets(now).map((b) => b.start)).toEqual([min(1), min(1_440)]);
    // Later, the same counts age out one minute at a time.
    expect(counts.buckets(min(1_441)).map((b) => b.start)).toEqual([min(1_440)]);
    expect(counts.totals(min(2_880))).toEqual({ successful: 0, slow: 0, error: 0, rejected: 0 });
  });

  it('sums the last N minutes for the state window', () => {
    const counts = new MinuteCounts(1_440);
    const now = min(100, 10);
    counts.add(min(95), 'error', 1, now); // 5 minutes ago: outside a 5-minute window
    counts.add(min(96), 'error', 1, now);
    counts.add(min(100), 'successful', 3, now);
    expect(counts.totals(now, 5)).toEqual({ successful: 3, slow: 0, error: 1, rejected: 0 });
  });

  it('forgets chunks that left the span and reports when nothing is left', () => {
    const counts = new MinuteCounts(60);
    counts.add(min(0), 'successful', 1, min(0));
    expect(counts.prune(min(59))).toBe(false);
    expect(counts.prune(min(200))).toBe(true);
    expect(counts.buckets(min(0))).toEqual([]);
  });

  it('ignores counts of zero or less', () => {
    const counts = new MinuteCounts(60);
    counts.add(min(0), 'rejected', 0, min(0));
    expect(counts.buckets(min(0))).toEqual([]);
  });
});
