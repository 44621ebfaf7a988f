import type { AlertSignal, AttemptOutcome } from '@herald/contracts';
import { disabledAlertFor } from './disabled-alert.js';
import { exhaustedAlertFor } from './exhausted-alert.js';

/** Every alert signal one attempt outcome raises by itself (at most one today). Pure. */
export function alertsFor(outcome: AttemptOutcome): AlertSignal[] {
  return [exhaustedAlertFor(outcome), disabledAlertFor(outcome)].filter(
    (signal): signal is AlertSignal => signal !== null,
  );
}
