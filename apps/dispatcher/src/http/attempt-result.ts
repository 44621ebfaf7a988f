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
}

/**
 * Failures that no retry can fix and that say nothing about the receiver's
 * health: the attempt is final at once and the breaker does not count it.
 */
export const PERMANENT_REASONS: ReadonlySet<AttemptReason> = new Set<AttemptReason>([
  'ssrf_blocked',
  'invalid_url',
]);
