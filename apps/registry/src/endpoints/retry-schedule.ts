import { parseDuration } from '@herald/config';

/**
 * An endpoint's own retry schedule: the delays before attempt 2, 3, …
 * Input is duration strings (`5s`, `10m`, `2h`, `1d`, `250ms`), stored as
 * whole milliseconds, and shown back in one normal form: the largest unit
 * that divides the delay exactly (`90s`, not `1.5m`; `36h`, not `1.5d`), so
 * `parseDuration(formatDuration(ms)) === ms` for every stored delay. Pure.
 */
export const MAX_RETRY_STEPS = 20;
export const MAX_RETRY_DELAY_MS = 7 * 86_400_000;

const UNITS: [suffix: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** One delay in milliseconds, or the reason it is refused. */
export function parseRetryDelay(text: string): { ms: number } | { reason: string } {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    return { reason: `"${text}" is not a duration (examples: 500ms, 5s, 10m, 2h, 1d)` };
  }
  if (ms > MAX_RETRY_DELAY_MS) return { reason: 'must be at most 7d' };
  return { ms };
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const [suffix, factor] = UNITS.find(([, size]) => ms % size === 0) ?? ['ms', 1];
  return `${ms / factor}${suffix}`;
}
