import { describe, expect, it } from '@jest/globals';
import * as failureWindow from './failure-window.js';
import type { FailureWindow } from './failure-window.js';

const { EMPTY_WINDOW, isSpent, pruneWindow, recordFailure, resetWindow } = failureWindow;

const now = 1_000_000;
const record = (window: FailureWindow, at: number, nowAt = now, cap = 100) =>
  recordFailure(window, at, nowAt, 10_000, cap);

describe('failure window', () => {
  it('keeps the failures in time order, and leaves the window it was given alone', () => {
    let window = record(EMPTY_WINDOW, now - 1_000);
    window = record(window, now - 3_000);
    const before = window;
    window = record(window, now - 2_000);
    expect(window.at).toEqual([now - 3_000, now - 2_000, now - 1_000]);
    expect(before.at).toEqual([now - 3_000, now - 1_000]);
    expect(EMPTY_WINDOW.at).toEqual([]);
  });

  it('ignores failures already outside the window and drops those that leave it', () => {
    expect(record(EMPTY_WINDOW, now - 10_000).at).toEqual([]);
    const window = record(EMPTY_WINDOW, now - 9_000);
    expect(record(window, now + 2_000, now + 2_000).at).toEqual([now + 2_000]);
  });

  it('keeps at most cap failures, the newest', () => {
    let window = EMPTY_WINDOW;
    for (let i = 5; i >= 0; i--) window = record(window, now - i * 100, now, 3);
    expect(window.at).toEqual([now - 200, now - 100, now]);
  });

  it('after a reset, starts empty and ignores failures from before it', () => {
    const window = record(EMPTY_WINDOW, now - 500);
    const reset = resetWindow(now);
    expect(window.at).toEqual([now - 500]);
    expect(reset.at).toEqual([]);
    expect(record(reset, now - 100, now + 10).at).toEqual([]);
    expect(record(reset, now, now + 10).at).toEqual([]);
    expect(record(reset, now + 5, now + 10).at).toEqual([now + 5]);
  });

  it('is spent once its failures and its reset have left the window', () => {
    const failed = record(EMPTY_WINDOW, now);
    const reset = resetWindow(now);
    expect(isSpent(failed, now + 9_999, 10_000)).toBe(false);
    expect(isSpent(reset, now + 9_999, 10_000)).toBe(false);
    expect(isSpent(failed, now + 10_000, 10_000)).toBe(true);
    expect(isSpent(reset, now + 10_000, 10_000)).toBe(true);
    expect(pruneWindow(failed, now + 10_000, 10_000).at).toEqual([]);
    expect(pruneWindow(failed, now + 9_999, 10_000)).toBe(failed);
  });
});
