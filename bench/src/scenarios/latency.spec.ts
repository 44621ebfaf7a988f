import { describe, expect, it } from '@jest/globals';
import { cpuFigures } from './latency.js';

describe('cpuFigures', () => {
  it("sets Herald's and the relay's CPU per delivery at a rate against the baseline's, and Herald's against the relay's, judging none", () => {
    const figures = cpuFigures(1_000, { baseline: 0.56, relay: 1.36, herald: 1.55 });
    expect(figures.map((f) => [f.baseline, f.herald, f.ratio, f.ratioMeaning])).toEqual([
      [0.56, 1.55, 2.77, 'herald ÷ baseline'],
      [0.56, 1.36, 2.43, 'relay ÷ baseline'],
      [1.36, 1.55, 1.14, 'herald ÷ durable relay'],
    ]);
    expect(figures.every((f) => f.metric.includes('at 1000/s'))).toBe(true);
    expect(figures.every((f) => f.target === null && f.pass === null)).toBe(true);
  });

  it('gives no ratio where a system has no figure', () => {
    const [herald, relay, againstRelay] = cpuFigures(200, { baseline: 1.1, herald: 4.3 });
    expect(herald?.ratio).toBe(3.91);
    expect(relay).toMatchObject({ baseline: 1.1, herald: null, ratio: null });
    expect(againstRelay).toMatchObject({ baseline: null, herald: 4.3, ratio: null });
  });
});
