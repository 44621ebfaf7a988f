import { formatDuration, parseDuration } from './duration.js';

/**
 * Retry schedule, as pure functions. A schedule is the list of delays before
 * attempt 2, 3, …; its length is the retry budget. Jitter spreads retries of
 * many messages failing together so that a recovering endpoint is not hit by
 * a synchronized wave. The platform default is the dispatcher's
 * `HERALD_RETRY_SCHEDULE`/`HERALD_RETRY_JITTER` default; a tenant or an
 * endpoint may set its own schedule, within `MAX_RETRY_STEPS` delays of at
 * most `MAX_RETRY_DELAY_MS` each.
 */

/** Default: 8 attempts over ~27 h: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/** The default schedule as the environment writes it: `5s,5m,30m,2h,5h,10h,10h`. */
export const DEFAULT_RETRY_SCHEDULE = DEFAULT_RETRY_SCHEDULE_MS.map(formatDuration).join(',');

export const DEFAULT_JITTER = 0.2;

/** The most delays a tenant's or an endpoint's own schedule may list. */
export const MAX_RETRY_STEPS = 20;
/** The longest delay a tenant's or an endpoint's own schedule may hold: 7 days. */
export const MAX_RETRY_DELAY_MS = 7 * 86_400_000;

/** One delay of an own schedule in milliseconds, or the reason it is refused. */
export function parseRetryDelay(text: string): { ms: number } | { reason: string } {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch {
    return { reason: `"${text}" is not a duration (examples: 500ms, 5s, 10m, 2h, 1d)` };
  }
  if (ms > MAX_RETRY_DELAY_MS)
    return { reason: `must be at most ${formatDuration(MAX_RETRY_DELAY_MS)}` };
  return { ms };
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * What to do after failed attempt number `attempt` (1-based).
 * `random` returns a number in [0, 1) — injected so tests are deterministic.
 */
export function nextRetry(
  attempt: number,
  schedule: readonly number[],
  jitter: number,
  random: () => number,
): RetryDecision {
  const base = schedule[attempt - 1];
  if (base === undefined) return { retry: false };
  const factor = 1 + jitter * (2 * random() - 1);
  return { retry: true, delayMs: Math.max(0, Math.round(base * factor)) };
}

/** Total number of attempts a schedule allows (the first plus one per step). */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}
