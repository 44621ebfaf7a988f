import type { AttemptOutcome } from '@herald/contracts';
import type { CountKind } from './minute-counts.js';

/** What the health windows need of one attempt. */
export type WindowAttempt = Pick<
  AttemptOutcome,
  | 'attemptId'
  | 'messageId'
  | 'eventType'
  | 'attempt'
  | 'outcome'
  | 'reason'
  | 'statusCode'
  | 'error'
  | 'latencyMs'
  | 'responseBody'
  | 'at'
>;

/**
 * The histogram bucket of one attempt — the categories are disjoint, so
 * their sum is the number of attempts: `slow` is a success that took longer
 * than the endpoint's threshold; `error` is any failure (a slow failure, a
 * timeout, is an error); `successful` is every other success.
 */
export function classify(attempt: Pick<WindowAttempt, 'outcome' | 'latencyMs'>, slowMs: number) {
  const kind: Exclude<CountKind, 'rejected'> =
    attempt.outcome === 'failure' ? 'error' : attempt.latencyMs > slowMs ? 'slow' : 'successful';
  return kind;
}

/**
 * Whether an attempt's latency is a response time: the receiver answered
 * (any HTTP status). Timeouts and connection failures have no response time;
 * they show as errors and in the latest errors.
 */
export const isResponse = (attempt: Pick<WindowAttempt, 'statusCode'>) =>
  attempt.statusCode !== null;
