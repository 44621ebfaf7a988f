import { ApiError } from '@herald/http-api';

/**
 * 429 when a tenant already has its maximum of replay jobs running. Carries
 * `retryAfterSeconds`, which `RetryAfterFilter` turns into a header.
 */
export class ReplayLimitReached extends ApiError {
  constructor(
    readonly running: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      429,
      'rate_limited',
      `${running} replay jobs are already running for this tenant; retry after ${retryAfterSeconds} s`,
    );
    this.name = 'ReplayLimitReached';
  }
}

/**
 * When the first of the running jobs should finish: jobs of one tenant share
 * one pace, so the smallest backlog drains at `rate / jobs`. At least 1 s,
 * at most an hour (an estimate, not a promise).
 */
export function retryAfterSeconds(remaining: number[], ratePerSecond: number): number {
  if (remaining.length === 0) return 1;
  const smallest = Math.max(0, Math.min(...remaining));
  const seconds = Math.ceil((smallest * remaining.length) / ratePerSecond);
  return Math.min(3600, Math.max(1, seconds));
}
