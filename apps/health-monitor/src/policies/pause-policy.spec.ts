import { describe, expect, it } from '@jest/globals';
import { formatDuration } from '@herald/resilience';
import { decidePause, isPaused, pauseReason } from './pause-policy.js';
import type { PauseSettings } from '../settings.js';

const settings: PauseSettings = { threshold: 5, windowMs: 60_000, durationMs: 30_000 };
const now = Date.parse('2026-11-22T10:00:00.000Z');
/** `n` failures one second apart, the newest at `now`. */
const failures = (n: number, newest = now) =>
  Array.from({ length: n }, (_, i) => newest - i * 1_000);

describe('decidePause', () => {
  it('does not pause at exactly the threshold', () => {
    expect(decidePause({ failures: failures(5), now, pausedUntil: null }, settings)).toBeNull();
  });

  it('pauses at threshold + 1, until now + duration, saying why', () => {
    expect(decidePause({ failures: failures(6), now, pausedUntil: null }, settings)).toEqual({
      until: now + 30_000,
      failures: 6,
      reason: 'more than 5 failures in 1m',
    });
  });

  it('does not count failures outside the window', () => {
    const old = [now - 60_000, now - 90_000, now - 3_600_000];
    const input = { failures: [...failures(5), ...old], now, pausedUntil: null };
    expect(decidePause(input, settings)).toBeNull();
    // The window is (now - 60 s, now]: one millisecond inside counts.
    const edge = { ...input, failures: [...failures(5), now - 59_999] };
    expect(decidePause(edge, settings)?.failures).toBe(6);
  });

  it('counts failures stamped slightly in the future (clock skew between hosts)', () => {
    const input = { failures: [...failures(5), now + 500], now, pausedUntil: null };
    expect(decidePause(input, settings)?.failures).toBe(6);
  });

  it('never pauses again while a pause lasts', () => {
    const input = { failures: failures(50), now, pausedUntil: now + 1 };
    expect(decidePause(input, settings)).toBeNull();
  });

  it('pauses again once the previous pause has expired', () => {
    for (const pausedUntil of [now, now - 1]) {
      const decision = decidePause({ failures: failures(6), now, pausedUntil }, settings);
      expect(decision?.until).toBe(now + 30_000);
    }
  });
});

describe('isPaused', () => {
  it('is true strictly before until and false from until on', () => {
    expect(isPaused(now + 1, now)).toBe(true);
    expect(isPaused(now, now)).toBe(false);
    expect(isPaused(now - 1, now)).toBe(false);
    expect(isPaused(null, now)).toBe(false);
  });
});

describe('pauseReason and formatDuration', () => {
  it('names the threshold and the window in the units an operator configured', () => {
    expect(pauseReason({ threshold: 100, windowMs: 600_000 })).toBe(
      'more than 100 failures in 10m',
    );
    expect(formatDuration(10_000)).toBe('10s');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(86_400_000)).toBe('1d');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(1_500)).toBe('1500ms');
  });
});
