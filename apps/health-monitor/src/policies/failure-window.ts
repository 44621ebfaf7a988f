import { inWindow } from './pause-policy.js';

/**
 * One endpoint's recent failures, as the pause policy counts them. Plain
 * immutable data, no I/O or clock: every function takes `now` and returns a
 * new window.
 *
 * Invariants (what keeps it bounded):
 * - `recordFailure` and `pruneWindow` drop every failure at or before `now - windowMs`;
 * - a window keeps at most `cap` failures, the newest (the policy needs
 *   `threshold + 1`; older ones could never change a decision).
 * A window reset at `since` (`resetWindow`) starts empty and ignores failures
 * that happened at or before `since`: attempts already in flight when the
 * endpoint was paused.
 */
export interface FailureWindow {
  /** Epoch ms, ascending. */
  readonly at: readonly number[];
  /** Failures at or before this instant are ignored (the last reset); -Infinity if none. */
  readonly since: number;
}

export const EMPTY_WINDOW: FailureWindow = { at: [], since: -Infinity };

/** A window emptied at `since`: failures at or before it never count. */
export function resetWindow(since: number): FailureWindow {
  return { at: [], since };
}

/** Adds one failure; keeps the failures still in the window, at most `cap`, the newest. */
export function recordFailure(
  window: FailureWindow,
  at: number,
  now: number,
  windowMs: number,
  cap: number,
): FailureWindow {
  const list = [...window.at];
  if (at > window.since && inWindow(at, now, windowMs)) insertSorted(list, at);
  const kept = list.filter((failure) => inWindow(failure, now, windowMs));
  return { at: kept.length > cap ? kept.slice(kept.length - cap) : kept, since: window.since };
}

/** Drops the failures that have left the window (the same window when none has). */
export function pruneWindow(window: FailureWindow, now: number, windowMs: number): FailureWindow {
  const first = window.at.findIndex((failure) => inWindow(failure, now, windowMs));
  if (first === 0) return window;
  return { at: first < 0 ? [] : window.at.slice(first), since: window.since };
}

/** Nothing left to remember: no failure, and no reset still in the window. */
export function isSpent(window: FailureWindow, now: number, windowMs: number): boolean {
  return (
    window.at.every((failure) => !inWindow(failure, now, windowMs)) &&
    !inWindow(window.since, now, windowMs)
  );
}

/** Outcomes arrive nearly in order, so scanning from the end is usually one step. */
function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
}
