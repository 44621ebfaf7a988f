import { formatDuration } from '@herald/resilience';
import type { PauseSettings } from '../settings.js';
/**
 * The pause policy — a pure function: data in, decision out; the caller acts.
 *
 * More than `threshold` failures of one endpoint within the sliding window
 * `(now - windowMs, now]` pause it until `now + durationMs`. Invariants:
 * - exactly `threshold` failures never pause; `threshold + 1` do;
 * - a failure at or before `now - windowMs` never counts;
 * - an endpoint whose pause has not ended (`pausedUntil > now`) is never
 *   paused again — the decision is null until its `until` has passed;
 * - at `until` the pause is over (`isPaused` turns false at that instant).
 */

export interface PauseDecision {
  /** Epoch ms at which delivery resumes. */
  until: number;
  /** Failures counted in the window when the decision was taken. */
  failures: number;
  /** Human-readable cause, stored with the pause. */
  reason: string;
}

export interface PauseInput {
  /** Epoch ms of the endpoint's recent failures, in any order. */
  failures: readonly number[];
  now: number;
  /** End of the endpoint's current pause (epoch ms), or null when it has none. */
  pausedUntil: number | null;
}

export function decidePause(input: PauseInput, settings: PauseSettings): PauseDecision | null {
  if (isPaused(input.pausedUntil, input.now)) return null;
  const failures = input.failures.filter((at) => inWindow(at, input.now, settings.windowMs)).length;
  if (failures <= settings.threshold) return null;
  return { until: input.now + settings.durationMs, failures, reason: pauseReason(settings) };
}

export function isPaused(until: number | null, now: number): boolean {
  return until !== null && until > now;
}

/** Whether a failure at `at` still counts at `now`. Future timestamps (clock skew) count. */
export function inWindow(at: number, now: number, windowMs: number): boolean {
  return at > now - windowMs;
}

/** `more than 100 failures in 10m` */
export function pauseReason(settings: Pick<PauseSettings, 'threshold' | 'windowMs'>): string {
  return `more than ${settings.threshold} failures in ${formatDuration(settings.windowMs)}`;
}
