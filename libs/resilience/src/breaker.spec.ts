import { afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  breakerMaker,
  createBreaker,
  DEFAULT_BREAKER,
  WINDOW_BUCKETS,
  WindowClock,
  windowClockFor,
} from './breaker.js';

describe('createBreaker', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('keeps no periodic snapshot timer: an idle breaker does no work', async () => {
    jest.useFakeTimers();
    const breaker = createBreaker('e1', (x: number) => Promise.resolve(x), DEFAULT_BREAKER);
    const snapshots: unknown[] = [];
    breaker.status.on('snapshot', (stats) => snapshots.push(stats));
    await expect(breaker.fire(1)).resolves.toBe(1);
    jest.advanceTimersByTime(DEFAULT_BREAKER.rollingCountTimeoutMs * 2);
    expect(snapshots).toEqual([]);
    breaker.shutdown();
  });

  it('keeps no latency samples, only the counts the breaker decides on', async () => {
    const breaker = createBreaker(
      'e2',
      (fail: boolean) => (fail ? Promise.reject(new Error('down')) : Promise.resolve('ok')),
      DEFAULT_BREAKER,
    );
    await breaker.fire(false);
    await expect(breaker.fire(true)).rejects.toThrow('down');
    expect(breaker.stats).toMatchObject({ fires: 2, successes: 1, failures: 1, latencyTimes: [] });
    breaker.shutdown();
  });

  it('still opens once the failure rate over the window passes the threshold', async () => {
    const settings = { ...DEFAULT_BREAKER, volumeThreshold: 4 };
    const breaker = createBreaker('e3', () => Promise.reject(new Error('down')), settings);
    for (let i = 0; i < 4; i++) await expect(breaker.fire()).rejects.toThrow('down');
    expect(breaker.opened).toBe(true);
    breaker.shutdown();
  });
});

describe('breakerMaker', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  const failing = () => Promise.reject(new Error('down'));
  const settings = { ...DEFAULT_BREAKER, volumeThreshold: 4 };

  it('turns every window with one timer, not one per breaker', () => {
    jest.useFakeTimers();
    const clock = windowClockFor(settings);
    const make = breakerMaker('endpoint', failing, settings, clock);
    const breakers = Array.from({ length: 50 }, make);
    expect(clock.size).toBe(50);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(settings.rollingCountTimeoutMs);
    expect(clock.turns).toBe(WINDOW_BUCKETS);
    for (const breaker of breakers) breaker.shutdown();
    expect(clock.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('counts each breaker on its own, over a window of WINDOW_BUCKETS turns', async () => {
    const clock = new WindowClock(1_000);
    const make = breakerMaker('endpoint', failing, settings, clock);
    const [a, b] = [make(), make()];
    for (let i = 0; i < 3; i++) await expect(a.fire()).rejects.toThrow('down');
    await expect(b.fire()).rejects.toThrow('down');
    expect([a.stats.fires, b.stats.fires]).toEqual([3, 1]);
    // Nine turns later the three failures still count: the fourth opens the breaker.
    for (let i = 0; i < WINDOW_BUCKETS - 1; i++) clock.turn();
    expect(a.stats.failures).toBe(3);
    await expect(a.fire()).rejects.toThrow('down');
    expect(a.opened).toBe(true);
    // After WINDOW_BUCKETS turns b's failure has left its window.
    clock.turn();
    expect(b.stats.fires).toBe(0);
    a.shutdown();
    b.shutdown();
    clock.stop();
  });

  it('shares one options object between its breakers', () => {
    const clock = new WindowClock(1_000);
    const make = breakerMaker('endpoint', failing, settings, clock);
    const [a, b] = [make(), make()];
    // opossum keeps the options it was given (not in its type declarations).
    const optionsOf = (breaker: unknown) =>
      (breaker as { options: { rotateBucketController?: unknown } }).options;
    expect(optionsOf(a)).toBe(optionsOf(b));
    expect(optionsOf(a).rotateBucketController).toBe(clock);
    a.shutdown();
    b.shutdown();
    clock.stop();
  });
});
