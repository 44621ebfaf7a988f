import { describe, expect, it } from '@jest/globals';
import { HOPS } from '../scenarios/hops.js';
import {
  compareRuns,
  pointOf,
  renderComparison,
  summarise,
  welchDegrees,
  type RunPoint,
} from './compare.js';
import type { BenchRun } from './render.js';

/**
 * A run whose Herald rounds cost `heraldScale` times a fixed mix of CPU
 * seconds over 10,000 deliveries, with the receiver at `receiver` seconds.
 */
function run(id: string, heraldScale: number, receiver = 0.8): BenchRun {
  const herald = {
    cpuSeconds: {
      registry: 0.05 * heraldScale,
      alerting: 0.05 * heraldScale,
      ingest: 1 * heraldScale,
      dispatcher: 2 * heraldScale,
      'health-monitor': 0.6 * heraldScale,
      'nats-server': 1.5 * heraldScale,
      postgres: 1.2 * heraldScale,
      receiver,
    },
    deliveredWhileLoaded: 10_000,
  };
  const baseline = {
    cpuSeconds: { baseline: 2, 'nats-server': 2, receiver: 1.6 },
    deliveredWhileLoaded: 20_000,
  };
  return {
    run: id,
    git: { commit: `${id}0000000`, branch: 'main', dirty: false },
    scenarios: [{ id: 'throughput', details: { baseline, herald } }],
  } as unknown as BenchRun;
}

const points = (scales: number[], prefix: string): RunPoint[] =>
  scales.map((scale, i) => pointOf(run(`${prefix}${i}`, scale))!);

describe('pointOf', () => {
  it("divides each system's CPU per delivery, and each of Herald's hops, by the receiver's", () => {
    const point = pointOf(run('r1', 1))!;
    // Herald: 6.4 s over 10,000 deliveries = 0.64 ms; the receiver 0.08 ms.
    expect(point.units.herald).toBeCloseTo(8, 2);
    // Baseline: 4 s over 20,000 = 0.2 ms; its receiver 0.08 ms.
    expect(point.units.baseline).toBeCloseTo(2.5, 2);
    expect(point.units.relay).toBeUndefined();
    expect(Object.keys(point.heraldHops)).toEqual(HOPS.map((h) => h.hop));
    expect(point.heraldHops['send (the baseline process; the dispatcher)']).toBeCloseTo(2.5, 3);
    const hopSum = Object.values(point.heraldHops).reduce((sum, v) => sum + v, 0);
    expect(hopSum).toBeCloseTo(point.units.herald!, 1);
    expect(point.commit).toBe('r100000');
  });

  it('gives nothing for a run without a throughput scenario', () => {
    const noThroughput = { ...run('r2', 1), scenarios: [{ id: 'latency', details: {} }] };
    expect(pointOf(noThroughput as unknown as BenchRun)).toBeNull();
  });
});

describe('summarise', () => {
  it('gives the mean, the standard deviation and the standard error of the mean', () => {
    const s = summarise([1, 2, 3]);
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(1, 10);
    expect(s.se).toBeCloseTo(1 / Math.sqrt(3), 10);
    expect(summarise([5]).sd).toBe(0);
  });
});

describe('compareRuns', () => {
  it('resolves a difference well beyond the spread of each side', () => {
    const [herald] = compareRuns(
      points([1, 1.01, 0.99, 1.0], 'a'),
      points([0.9, 0.91, 0.89, 0.9], 'b'),
    );
    expect(herald!.figure).toBe('herald');
    expect(herald!.differencePercent).toBeCloseTo(-10, 0);
    expect(herald!.resolved).toBe(true);
  });

  it('does not resolve a difference within the spread, nor one run a side', () => {
    const [within] = compareRuns(points([1, 1.1, 0.9], 'a'), points([0.98, 1.08, 0.9], 'b'));
    expect(Math.abs(within!.differencePercent)).toBeLessThan(2 * within!.sePercent);
    expect(within!.resolved).toBe(false);
    const [single] = compareRuns(points([1], 'a'), points([0.5], 'b'));
    expect(single!.resolved).toBe(false);
  });

  it('does not resolve, with two runs a side, a difference just over twice its standard error', () => {
    // As in an A/A series of one build: the spread of two runs is a poor estimate of the spread.
    const [herald] = compareRuns(points([1, 1.04], 'a'), points([1.06, 1.065], 'b'));
    expect(Math.abs(herald!.differencePercent)).toBeGreaterThan(2 * herald!.sePercent);
    expect(herald!.halfWidthPercent).toBeGreaterThan(Math.abs(herald!.differencePercent));
    expect(herald!.resolved).toBe(false);
  });

  it('counts the degrees of freedom by Welch–Satterthwaite', () => {
    const equal = summarise([1, 2, 3, 4]);
    expect(welchDegrees(equal, equal)).toBeCloseTo(6, 10);
    // One side without spread: the other side's n − 1.
    expect(welchDegrees(summarise([1, 2, 3]), summarise([5, 5, 5, 5]))).toBeCloseTo(2, 10);
  });

  it("compares each of Herald's hops and the baseline as well", () => {
    const rows = compareRuns(points([1, 1], 'a'), points([1, 1], 'b'));
    expect(rows.map((r) => r.figure)).toEqual([
      'herald',
      ...HOPS.map((h) => `herald: ${h.hop}`),
      'baseline',
    ]);
  });
});

describe('renderComparison', () => {
  it('lists every run of each side, then one row per figure with its verdict', () => {
    const text = renderComparison(points([1, 1.01], 'a'), points([0.9, 0.91], 'b'));
    for (const id of ['a0', 'a1', 'b0', 'b1']) expect(text).toContain(`| ${id} |`);
    expect(text).toMatch(
      /\| herald \| 8\.0\d+ ± .* \| -(?:9|10)\.\d % ± [\d.]+ \| ± [\d.]+ % \| yes \|/,
    );
  });
});
