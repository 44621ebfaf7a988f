import { describe, expect, it } from '@jest/globals';
import { parseDuration } from '@herald/config';
import { formatDuration, MAX_RETRY_DELAY_MS, parseRetryDelay } from './retry-schedule.js';

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

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1500ms'],
    [5_000, '5s'],
    [90_000, '90s'],
    [600_000, '10m'],
    [7_200_000, '2h'],
    [129_600_000, '36h'],
    [MAX_RETRY_DELAY_MS, '7d'],
  ])('writes %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips through parseDuration', () => {
    for (const ms of [0, 1, 999, 1_000, 61_000, 3_600_000, 86_400_000, 86_401_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
