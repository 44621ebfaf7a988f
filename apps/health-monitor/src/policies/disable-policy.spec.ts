import { describe, expect, it } from '@jest/globals';
import { decideDisable, DEFAULT_DISABLE_SETTINGS } from './disable-policy.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const decide = (elapsedMs: number | null, warnedPercent = 0) =>
  decideDisable(
    {
      failingSince: elapsedMs === null ? null : T0,
      lastFailureAt: elapsedMs === null ? null : T0 + elapsedMs,
      warnedPercent,
    },
    DEFAULT_DISABLE_SETTINGS,
  );

describe('decideDisable (defaults: 5 days, warnings at 50, 75, 90 %)', () => {
  it('does nothing without a streak or before the first warning', () => {
    expect(decide(null)).toEqual({ action: 'none' });
    expect(decide(2.5 * DAY - 1)).toEqual({ action: 'none' });
  });

  it('warns at 50, 75 and 90 % of the period, each once, with the disable deadline', () => {
    const disableAt = T0 + 5 * DAY;
    expect(decide(2.5 * DAY)).toEqual({ action: 'warn', percent: 50, disableAt });
    expect(decide(3 * DAY, 50)).toEqual({ action: 'none' });
    expect(decide(3.75 * DAY, 50)).toEqual({ action: 'warn', percent: 75, disableAt });
    expect(decide(4.5 * DAY, 75)).toEqual({ action: 'warn', percent: 90, disableAt });
    expect(decide(4.9 * DAY, 90)).toEqual({ action: 'none' });
  });

  it('skips to the highest percentage reached when failures resume after a gap', () => {
    expect(decide(4.6 * DAY, 0)).toMatchObject({ action: 'warn', percent: 90 });
  });

  it('disables once failures have persisted for the whole period', () => {
    expect(decide(5 * DAY - 1, 90)).toEqual({ action: 'none' });
    expect(decide(5 * DAY, 90)).toEqual({ action: 'disable' });
    expect(decide(9 * DAY, 0)).toEqual({ action: 'disable' });
  });

  it('honours other settings', () => {
    const settings = { periodMs: 1_000, warnAtPercent: [10] };
    const streak = { failingSince: 0, lastFailureAt: 100, warnedPercent: 0 };
    expect(decideDisable(streak, settings)).toEqual({
      action: 'warn',
      percent: 10,
      disableAt: 1_000,
    });
  });
});
