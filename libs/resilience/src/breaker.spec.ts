import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createBreaker, DEFAULT_BREAKER } from './breaker.js';

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
