import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1.5m', 90_000],
    [' 15 s ', 15_000],
    ['1500', 1_500],
  ])('reads %s as %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('refuses what is not a duration, naming examples', () => {
    for (const text of ['', 'soon', '-5s', '5 weeks', '1e3s']) {
      expect(() => parseDuration(text)).toThrow(/is not a duration \(examples: 500ms/);
    }
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1500ms'],
    [5_000, '5s'],
    [10_000, '10s'],
    [90_000, '90s'],
    [600_000, '10m'],
    [7_200_000, '2h'],
    [86_400_000, '1d'],
    [129_600_000, '36h'],
    [7 * 86_400_000, '7d'],
  ])('writes %d ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips through parseDuration', () => {
    for (const ms of [0, 1, 999, 1_000, 61_000, 3_600_000, 86_400_000, 86_401_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
