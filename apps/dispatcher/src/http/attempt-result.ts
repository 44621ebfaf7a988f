import type { AttemptReason } from '@herald/contracts';
import type { Classification } from './classify.js';

/**
 * What one HTTP attempt produced, before it becomes an `AttemptOutcome`.
 * `url` never carries credentials; `error` never carries secrets.
 */
export interface AttemptResult extends Classification {
  /** When the attempt started (epoch ms). */
  startedAt: number;
  latencyMs: number;
  /** At most 4 KiB of the response body; null without a response. */
  responseBody: string | null;
  url: string;
  /** The receiver's `Retry-After` (429, 503) in ms, capped; null when absent or unreadable. */
  retryAfterMs: number | null;
}

/**
 * Failures that no retry can fix: the attempt is final at once and the breaker
 * does not count it (a refused address or a bad URL says nothing about the
 * receiver's health; a 410 disables the endpoint instead).
 */
export const PERMANENT_REASONS: ReadonlySet<AttemptReason> = new Set<AttemptReason>([
  'ssrf_blocked',
  'invalid_url',
  'endpoint_gone',
]);
