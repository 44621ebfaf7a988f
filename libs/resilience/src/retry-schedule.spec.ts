import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RETRY_SCHEDULE_MS, maxAttempts, nextRetry } from './retry-schedule.js';

describe('nextRetry', () => {
  it('follows the schedule step for each failed attempt without jitter', () => {
    const schedule = [1_000, 2_000, 3_000];
    expect(nextRetry(1, schedule, 0, Math.random)).toEqual({ retry: true, delayMs: 1_000 });
    expect(nextRetry(3, schedule, 0, Math.random)).toEqual({ retry: true, delayMs: 3_000 });
  });

  it('stops once the schedule is exhausted', () => {
    expect(nextRetry(4, [1_000, 2_000, 3_000], 0.2, Math.random)).toEqual({ retry: false });
    expect(nextRetry(1, [], 0.2, Math.random)).toEqual({ retry: false });
  });

  it('keeps jitter within ±jitter of the step', () => {
    expect(nextRetry(1, [10_000], 0.2, () => 0)).toEqual({ retry: true, delayMs: 8_000 });
    expect(nextRetry(1, [10_000], 0.2, () => 0.999999)).toEqual({ retry: true, delayMs: 12_000 });
    expect(nextRetry(1, [10_000], 0.2, () => 0.5)).toEqual({ retry: true, delayMs: 10_000 });
  });

  it('spreads the default schedule over about a day', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(24);
    expect(total / 3_600_000).toBeLessThan(30);
    expect(maxAttempts(DEFAULT_RETRY_SCHEDULE_MS)).toBe(8);
  });
});
