/**
 * Retry schedule, as pure functions. A schedule is the list of delays before
 * attempt 2, 3, …; its length is the retry budget. Jitter spreads retries of
 * many messages failing together so that a recovering endpoint is not hit by
 * a synchronized wave.
 */

/** Default: 8 attempts over ~27 h: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

export const DEFAULT_JITTER = 0.2;

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
