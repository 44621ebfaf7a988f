import type { AttemptOutcome } from '@herald/contracts';
import type { EndpointRecord } from './endpoint-record.js';

export type StreakAttempt = Pick<AttemptOutcome, 'outcome' | 'at' | 'statusCode' | 'error' | 'url'>;

/**
 * Applies one attempt to the endpoint's failure streak. Pure: returns a new
 * record. Invariants:
 * - a success ends the streak (and resets the warnings) — unless it is older
 *   than the streak's first failure (outcomes may arrive slightly out of order);
 * - a failure at or before the latest success, or at or before the moment
 *   the disable policy disabled the endpoint (attempts already in flight),
 *   never starts or extends a streak;
 * - `failingSince` only moves earlier within a streak, `lastFailureAt` only
 *   later, so applying the same attempt twice changes nothing but the count —
 *   and `counted` is false for a redelivered outcome, so not even that.
 */
export function applyAttempt(
  record: EndpointRecord,
  attempt: StreakAttempt,
  counted: boolean,
): EndpointRecord {
  const at = Date.parse(attempt.at);
  if (attempt.outcome === 'success') {
    if (record.failingSince !== null && at < record.failingSince) return record;
    return {
      ...record,
      url: attempt.url,
      lastSuccessAt: Math.max(record.lastSuccessAt ?? at, at),
      failingSince: null,
      lastFailureAt: null,
      streakFailures: 0,
      warnedPercent: 0,
    };
  }
  const floor = Math.max(record.lastSuccessAt ?? -Infinity, record.disabledAt ?? -Infinity);
  if (at <= floor) return record;
  const latest = record.lastFailureAt === null || at >= record.lastFailureAt;
  return {
    ...record,
    url: attempt.url,
    failingSince: Math.min(record.failingSince ?? at, at),
    lastFailureAt: Math.max(record.lastFailureAt ?? at, at),
    streakFailures: record.streakFailures + (counted ? 1 : 0),
    lastStatusCode: latest ? attempt.statusCode : record.lastStatusCode,
    lastError: latest ? attempt.error : record.lastError,
  };
}
