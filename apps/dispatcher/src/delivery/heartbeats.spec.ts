import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Heartbeats } from './heartbeats.js';

describe('Heartbeats', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const task = () => {
    const beats: number[] = [];
    return { beats, working: () => beats.push(Date.now()) };
  };

  it('tells every held task it is still worked on, at least once per interval', () => {
    const beats = new Heartbeats(1_000);
    const a = task();
    const b = task();
    beats.hold(a);
    jest.advanceTimersByTime(400);
    const heldAt = Date.now();
    const releaseB = beats.hold(b);
    jest.advanceTimersByTime(2_600);
    expect(a.beats).toHaveLength(3);
    expect(b.beats).toHaveLength(3);
    // The first beat within one interval of the hold, then one per interval.
    expect(b.beats[0]! - heldAt).toBeLessThanOrEqual(1_000);
    expect(b.beats[1]! - b.beats[0]!).toBe(1_000);
    releaseB();
    jest.advanceTimersByTime(1_000);
    expect(a.beats).toHaveLength(4);
    expect(b.beats).toHaveLength(3);
  });

  it('runs no timer while nothing is held', () => {
    const beats = new Heartbeats(1_000);
    const release = beats.hold(task());
    expect(jest.getTimerCount()).toBe(1);
    release();
    expect(beats.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });
});
