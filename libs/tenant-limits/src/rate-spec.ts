import { parsedVar } from '@herald/config';
import { parseDuration } from '@herald/resilience';

/** A request rate: `points` requests per `durationMs`; null means no limit. */
export interface RateSpec {
  points: number;
  durationMs: number;
}

/**
 * Parses `<count>/<duration>` (e.g. `600/1m`, `100/1s`) or `off`. The
 * duration is whole seconds (the store counts in seconds), at least `1s`.
 */
export function parseRate(text: string): RateSpec | null {
  const value = text.trim();
  if (value === 'off') return null;
  const match = /^(\d{1,9})\/(.+)$/.exec(value);
  if (!match?.[1] || !match[2]) throw new Error(`expected <count>/<duration> (e.g. 600/1m) or off`);
  const points = Number(match[1]);
  if (points < 1) throw new Error('the count must be at least 1');
  const durationMs = parseDuration(match[2]);
  if (durationMs < 1_000 || durationMs % 1_000 !== 0) {
    throw new Error('the duration must be whole seconds, at least 1s');
  }
  return { points, durationMs };
}

/** A zod variable holding a rate, with its default. */
export const rateVar = (fallback: string) => parsedVar(fallback, parseRate);
