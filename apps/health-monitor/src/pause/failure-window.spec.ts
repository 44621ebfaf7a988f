import { describe, expect, it } from '@jest/globals';
import { FailureWindows } from './failure-window.js';

const now = 1_000_000;

describe('FailureWindows', () => {
  it('keeps each endpoint’s failures in time order, separately', () => {
    const windows = new FailureWindows(10_000, 100);
    windows.record('ep_1', now - 1_000, now);
    windows.record('ep_1', now - 3_000, now);
    windows.record('ep_2', now, now);
    expect(windows.record('ep_1', now - 2_000, now)).toEqual([
      now - 3_000,
      now - 2_000,
      now - 1_000,
    ]);
    expect(windows.failures('ep_2')).toEqual([now]);
    expect(windows.failures('ep_3')).toEqual([]);
  });

  it('ignores failures already outside the window and drops those that leave it', () => {
    const windows = new FailureWindows(10_000, 100);
    expect(windows.record('ep_1', now - 10_000, now)).toEqual([]);
    windows.record('ep_1', now - 9_000, now);
    expect(windows.record('ep_1', now + 2_000, now + 2_000)).toEqual([now + 2_000]);
  });

  it('keeps at most cap failures, the newest', () => {
    const windows = new FailureWindows(10_000, 3);
    for (let i = 5; i >= 0; i--) windows.record('ep_1', now - i * 100, now);
    expect(windows.failures('ep_1')).toEqual([now - 200, now - 100, now]);
  });

  it('after a reset, starts empty and ignores failures from before it', () => {
    const windows = new FailureWindows(10_000, 100);
    windows.record('ep_1', now - 500, now);
    windows.reset('ep_1', now);
    expect(windows.failures('ep_1')).toEqual([]);
    expect(windows.record('ep_1', now - 100, now + 10)).toEqual([]);
    expect(windows.record('ep_1', now, now + 10)).toEqual([]);
    expect(windows.record('ep_1', now + 5, now + 10)).toEqual([now + 5]);
  });

  it('prune forgets endpoints whose failures and reset have left the window', () => {
    const windows = new FailureWindows(10_000, 100);
    windows.record('ep_1', now, now);
    windows.reset('ep_2', now);
    windows.prune(now + 9_999);
    expect(windows.size).toBe(2);
    windows.prune(now + 10_000);
    expect(windows.size).toBe(0);
  });
});
