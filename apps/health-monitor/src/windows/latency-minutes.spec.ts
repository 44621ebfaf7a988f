import { describe, expect, it } from '@jest/globals';
import { LatencyMinutes } from './latency-minutes.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const min = (n: number, sec = 0) => T0 + n * 60_000 + sec * 1_000;

describe('LatencyMinutes', () => {
  it('reports fastest, average and slowest of the last 30 minutes', () => {
    const latency = new LatencyMinutes(30);
    const now = min(40, 20);
    latency.add(min(10), 5, now); // 30 minutes before minute 40: outside
    latency.add(min(11), 100, now);
    latency.add(min(11, 30), 300, now);
    latency.add(min(40), 20.25, now);
    expect(latency.figures(now)).toEqual({
      responses: 3,
      fastestMs: 20.3,
      averageMs: 140.1,
      slowestMs: 300,
    });
  });

  it('has no figures without responses', () => {
    expect(new LatencyMinutes(30).figures(T0)).toEqual({
      responses: 0,
      fastestMs: null,
      averageMs: null,
      slowestMs: null,
    });
  });

  it('takes minute aggregates read back from the log', () => {
    const latency = new LatencyMinutes(30);
    latency.addAggregate(min(5), { count: 4, sumMs: 400, minMs: 10, maxMs: 250 }, min(6));
    latency.add(min(6), 500, min(6));
    expect(latency.figures(min(6))).toEqual({
      responses: 5,
      fastestMs: 10,
      averageMs: 180,
      slowestMs: 500,
    });
    expect(latency.prune(min(40))).toBe(true);
  });
});
