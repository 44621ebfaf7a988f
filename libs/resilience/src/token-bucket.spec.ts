import { describe, expect, it } from '@jest/globals';
import { isFull, takeToken, type TokenBucket, type TokenBucketLimits } from './token-bucket.js';

const limits: TokenBucketLimits = { ratePerSecond: 2, burst: 3 };

/** Takes `n` tokens at the same instant; returns how many were allowed and the last result. */
function drain(start: TokenBucket | undefined, now: number, n: number) {
  let result = takeToken(start, now, limits);
  let allowed = result.allowed ? 1 : 0;
  for (let i = 1; i < n; i++) {
    result = takeToken(result.bucket, now, limits);
    if (result.allowed) allowed++;
  }
  return { allowed, bucket: result.bucket, result };
}

describe('takeToken', () => {
  it('starts full: lets a burst through, then refuses', () => {
    const { allowed, result } = drain(undefined, 0, 5);
    expect(allowed).toBe(3);
    expect(result.allowed).toBe(false);
  });

  it('says how long until the next token', () => {
    const { result } = drain(undefined, 0, 4);
    expect(result).toMatchObject({ allowed: false, retryAfterMs: 500 });
    const later = takeToken(result.bucket, 200, limits);
    expect(later).toMatchObject({ allowed: false, retryAfterMs: 300 });
  });

  it('refills at the rate and allows again once a whole token is back', () => {
    const { bucket } = drain(undefined, 0, 3);
    expect(takeToken(bucket, 499, limits).allowed).toBe(false);
    expect(takeToken(bucket, 500, limits).allowed).toBe(true);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const { bucket } = drain(undefined, 0, 3);
    expect(drain(bucket, 3_600_000, 10).allowed).toBe(3);
  });

  it('sustains the rate over time', () => {
    let bucket: TokenBucket | undefined;
    let allowed = 0;
    // One request every 100 ms for 10 s: 3 from the burst + 2/s × 10 s.
    for (let now = 0; now <= 10_000; now += 100) {
      const result = takeToken(bucket, now, limits);
      bucket = result.bucket;
      if (result.allowed) allowed++;
    }
    expect(allowed).toBe(3 + 20);
  });

  it('supports fractional rates', () => {
    const slow = { ratePerSecond: 0.5, burst: 1 };
    const first = takeToken(undefined, 0, slow);
    expect(first.allowed).toBe(true);
    expect(takeToken(first.bucket, 0, slow)).toMatchObject({ allowed: false, retryAfterMs: 2000 });
    expect(takeToken(first.bucket, 2000, slow).allowed).toBe(true);
  });

  it('does not refill when the clock goes backwards', () => {
    const { bucket } = drain(undefined, 1000, 3);
    const back = takeToken(bucket, 0, limits);
    expect(back.allowed).toBe(false);
    // Returning to the original time gains nothing extra either.
    expect(takeToken(back.bucket, 1000, limits).allowed).toBe(false);
  });
});

describe('isFull', () => {
  it('is true once the bucket has refilled to the burst', () => {
    const { bucket } = drain(undefined, 0, 1);
    expect(isFull(bucket, 0, limits)).toBe(false);
    expect(isFull(bucket, 500, limits)).toBe(true);
  });
});
