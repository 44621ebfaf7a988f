import type { DisableSettings } from '../settings.js';
import type { EndpointRecord } from './endpoint-record.js';

/**
 * The disable policy — a pure function: the endpoint's failure streak in,
 * a decision out; the caller acts (`endpoint-control.v1` to the registry,
 * alerts).
 *
 * "Failures persist" is measured by evidence, not by the wall clock: from the
 * first failure after the latest success to the latest failure. An endpoint
 * that gets no traffic is never disabled for failing.
 *
 * - When that span reaches `periodMs` (default 5 days), disable.
 * - Before that, when it reaches a warning percentage (default 50, 75, 90)
 *   not yet warned about in this streak, warn — once, with the highest
 *   percentage reached (a streak seen after a long gap skips the lower ones).
 * - Otherwise nothing. A success ends the streak and re-arms the warnings.
 */

export const DEFAULT_DISABLE_SETTINGS: DisableSettings = {
  periodMs: 5 * 86_400_000,
  warnAtPercent: [50, 75, 90],
};

export type DisableDecision =
  | { action: 'none' }
  | { action: 'warn'; percent: number; disableAt: number }
  | { action: 'disable' };

type Streak = Pick<EndpointRecord, 'failingSince' | 'lastFailureAt' | 'warnedPercent'>;

export function decideDisable(streak: Streak, settings: DisableSettings): DisableDecision {
  const { failingSince, lastFailureAt } = streak;
  if (failingSince === null || lastFailureAt === null) return { action: 'none' };
  const elapsed = lastFailureAt - failingSince;
  if (elapsed >= settings.periodMs) return { action: 'disable' };
  const due = settings.warnAtPercent.filter(
    (percent) => percent > streak.warnedPercent && elapsed >= (settings.periodMs * percent) / 100,
  );
  const percent = due.at(-1);
  if (percent === undefined) return { action: 'none' };
  return { action: 'warn', percent, disableAt: failingSince + settings.periodMs };
}
