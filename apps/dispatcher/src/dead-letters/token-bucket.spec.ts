import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('lets the first task go at once and spaces the next ones 1/rate apart', () => {
    const bucket = new TokenBucket(5, 1, 0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(200);
    expect(bucket.reserve(0)).toBe(400);
  });

  it('refills with time, so a caller that waited as told goes next without waiting', () => {
    const bucket = new TokenBucket(5, 1, 0);
    bucket.reserve(0);
    expect(bucket.reserve(0)).toBe(200);
    expect(bucket.reserve(400)).toBe(0);
  });

  it('never stores more than its capacity after idling', () => {
    const bucket = new TokenBucket(10, 2, 0);
    const waits = [0, 0, 0, 0].map(() => bucket.reserve(60_000));
    expect(waits).toEqual([0, 0, 100, 200]);
  });

  it('paces n tasks over (n - capacity) / rate seconds', () => {
    const bucket = new TokenBucket(50, 1, 1_000);
    let now = 1_000;
    for (let i = 0; i < 100; i++) now += bucket.reserve(now);
    expect(now - 1_000).toBe(99 * 20);
  });

  it('ignores a clock that steps backwards', () => {
    const bucket = new TokenBucket(1, 1, 10_000);
    bucket.reserve(10_000);
    expect(bucket.reserve(5_000)).toBe(1_000);
  });

  it('refuses a rate that would never refill', () => {
    expect(() => new TokenBucket(0, 1, 0)).toThrow('rate');
  });
});
