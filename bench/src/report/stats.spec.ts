import { describe, expect, it } from '@jest/globals';
import { countIn, cpuMsPerDelivery, distribution, median, quantile, rateIn } from './stats.js';

describe('bench statistics', () => {
  it('takes nearest-rank quantiles, so every figure is an observed value', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(500);
    expect(quantile(sorted, 0.99)).toBe(990);
    expect(quantile(sorted, 0.999)).toBe(999);
    expect(quantile([7], 0.999)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('sorts before taking quantiles', () => {
    const d = distribution([5, 1, 4, 2, 3]);
    expect(d).toMatchObject({ count: 5, p50: 3, max: 5, mean: 3 });
  });

  it('counts a rate over a half-open window', () => {
    expect(rateIn([0, 500, 999, 1000, 1500], 0, 1000)).toBe(3);
    expect(rateIn([0, 100], 0, 2000)).toBe(1);
  });

  it('takes the median of an even number of repetitions as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([9, 1, 5])).toBe(5);
  });
});

describe('countIn', () => {
  it('counts the times in [from, to)', () => {
    expect(countIn([1, 2, 3, 4, 5], 2, 4)).toBe(2);
    expect(countIn(Float64Array.from([10, 20]), 0, 10)).toBe(0);
  });
});

describe('cpuMsPerDelivery', () => {
  const cpu = { dispatcher: 1.5, ingest: 0.5, 'nats-server': 1, baseline: 9 };

  it('sums the named processes only, in ms per delivery', () => {
    expect(cpuMsPerDelivery(cpu, ['dispatcher', 'ingest', 'nats-server'], 1000)).toBeCloseTo(3);
    expect(cpuMsPerDelivery(cpu, ['baseline', 'nats-server'], 5000)).toBeCloseTo(2);
  });

  it('skips a process that was not measured', () => {
    expect(cpuMsPerDelivery(cpu, ['dispatcher', 'postgres'], 500)).toBeCloseTo(3);
  });

  it('is NaN with no deliveries or no measured process', () => {
    expect(cpuMsPerDelivery(cpu, ['dispatcher'], 0)).toBeNaN();
    expect(cpuMsPerDelivery(cpu, ['postgres'], 10)).toBeNaN();
  });
});
