/**
 * Why a delivery chain ended as a dead letter: the domain of
 * `dead_letters.reason`. The retry plan decides `exhausted`, `permanent` and
 * `endpoint_gone`; admission decides `hold_expired` and `endpoint_unknown`;
 * the poison sink records `processing_failed`.
 */
export const deadLetterReasons = [
  /** Every step of the retry schedule failed. */
  'exhausted',
  /** The endpoint answered 410 Gone (and is disabled). */
  'endpoint_gone',
  /** A disabled endpoint's task outlived the hold. */
  'hold_expired',
  /** A failure no retry can fix (SSRF refusal, an invalid URL). */
  'permanent',
  /** The endpoint was not in the read model for the whole grace after the dispatcher first saw the task. */
  'endpoint_unknown',
  /** The dispatcher gave the task up as poison (invalid, or every attempt to process it failed). */
  'processing_failed',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];
