import { describe, expect, it } from '@jest/globals';
import {
  burstRate,
  completionPerMessage,
  kbPerEndpoint,
  roundRobin,
  splitEvenly,
  spreadIndices,
} from './endpoint-scale.js';

describe('endpoint-scale helpers', () => {
  it('splits endpoints over tenants evenly, the remainder to the first tenants', () => {
    expect(splitEvenly(10_000, 100)).toEqual(Array.from({ length: 100 }, () => 100));
    expect(splitEvenly(10, 3)).toEqual([4, 3, 3]);
    expect(splitEvenly(2, 4)).toEqual([1, 1, 0, 0]);
    expect(splitEvenly(1_003, 10).reduce((a, b) => a + b, 0)).toBe(1_003);
  });

  it('refuses a split that makes no sense', () => {
    expect(() => splitEvenly(10, 0)).toThrow('parts');
    expect(() => splitEvenly(-1, 2)).toThrow('count');
    expect(() => splitEvenly(1.5, 2)).toThrow('count');
  });

  it('goes round the tenants, so consecutive creations are for different tenants', () => {
    expect(roundRobin([2, 3, 1])).toEqual([
      { part: 0, index: 0 },
      { part: 1, index: 0 },
      { part: 2, index: 0 },
      { part: 0, index: 1 },
      { part: 1, index: 1 },
      { part: 1, index: 2 },
    ]);
    const all = roundRobin(splitEvenly(1_000, 10));
    expect(all).toHaveLength(1_000);
    expect(new Set(all.map(({ part, index }) => `${part}/${index}`)).size).toBe(1_000);
    expect(all.slice(0, 10).map((item) => item.part)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(roundRobin([])).toEqual([]);
  });

  it('samples distinct indices spread over the whole range', () => {
    expect(spreadIndices(100, 10)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(spreadIndices(10, 4)).toEqual([0, 2, 5, 7]);
    expect(spreadIndices(3, 10)).toEqual([0, 1, 2]);
    expect(spreadIndices(5, 0)).toEqual([]);
    const sample = spreadIndices(97, 13);
    expect(new Set(sample).size).toBe(13);
    expect(Math.max(...sample)).toBeLessThan(97);
  });

  it('times each message from its publish to its last delivery', () => {
    // Message 1 published at 100, delivered at 150 and 400; message 0 at 0, delivered at 20 and 30.
    const completions = completionPerMessage({
      seq: [1, 0, 1, 0],
      sent: [100, 0, 100, 0],
      received: [150, 30, 400, 20],
    });
    expect(completions).toEqual([
      { seq: 0, ms: 30, deliveries: 2 },
      { seq: 1, ms: 300, deliveries: 2 },
    ]);
    expect(completionPerMessage({ seq: [], sent: [], received: [] })).toEqual([]);
  });

  it('rates a burst from the first publish to the last receipt', () => {
    // 4 deliveries between 1 000 and 3 000 ms: 2 per second.
    expect(
      burstRate({ sent: [1_000, 1_000, 1_500, 1_500], received: [1_200, 3_000, 2_000, 1_600] }),
    ).toBe(2);
    expect(burstRate({ sent: [], received: [] })).toBeNaN();
  });

  it('gives memory growth in KB per endpoint, or null when a reading is missing', () => {
    expect(kbPerEndpoint(100, 110, 10_000)).toBeCloseTo(1.024);
    expect(kbPerEndpoint(100, 99, 1_024)).toBe(-1);
    expect(kbPerEndpoint(null, 110, 10)).toBeNull();
    expect(kbPerEndpoint(100, Number.NaN, 10)).toBeNull();
    expect(kbPerEndpoint(100, 110, 0)).toBeNull();
  });
});
