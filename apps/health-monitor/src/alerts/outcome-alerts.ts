import type { AlertSignal, AttemptOutcome } from '@herald/contracts';
import { disabledAlertFor } from './disabled-alert.js';
import { exhaustedAlertFor } from './exhausted-alert.js';
import { failingAlertFor } from './failing-alert.js';

export interface OutcomeAlertSettings {
  /** `delivery.failing` is raised when this attempt of a delivery fails and more follow. */
  failingAfterAttempts: number;
}

/** Every alert signal one attempt outcome raises by itself (at most one). Pure. */
export function alertsFor(outcome: AttemptOutcome, settings: OutcomeAlertSettings): AlertSignal[] {
  return [
    failingAlertFor(outcome, settings.failingAfterAttempts),
    exhaustedAlertFor(outcome),
    disabledAlertFor(outcome),
  ].filter((signal): signal is AlertSignal => signal !== null);
}
