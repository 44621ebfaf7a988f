import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_RETRY_SCHEDULE,
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_RETRY_DELAY_MS,
  maxAttempts,
  nextRetry,
  parseRetryDelay,
} from './retry-schedule.js';

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

describe('DEFAULT_RETRY_SCHEDULE', () => {
  it('writes the default schedule the way the environment sets it', () => {
    expect(DEFAULT_RETRY_SCHEDULE).toBe('5s,5m,30m,2h,5h,10h,10h');
  });
});

describe('parseRetryDelay', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1.5m', 90_000],
    ['0s', 0],
    ['7d', MAX_RETRY_DELAY_MS],
  ])('reads %s as %d ms', (text, ms) => expect(parseRetryDelay(text)).toEqual({ ms }));

  it('refuses what is not a duration', () => {
    for (const text of ['', 'soon', '-5s', '5 weeks', '1e3s']) {
      expect(parseRetryDelay(text)).toEqual({ reason: expect.stringMatching(/not a duration/) });
    }
  });

  it('refuses delays over 7 days', () => {
    expect(parseRetryDelay('8d')).toEqual({ reason: 'must be at most 7d' });
    expect(parseRetryDelay('168h')).toEqual({ ms: MAX_RETRY_DELAY_MS });
    expect(parseRetryDelay('604800001')).toEqual({ reason: 'must be at most 7d' });
  });
});
