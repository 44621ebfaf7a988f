import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@herald/runtime';
import { ResendRateLimiter } from './resend-rate-limiter.js';

describe('ResendRateLimiter', () => {
  it('limits each tenant separately', () => {
    const limiter = new ResendRateLimiter({ ratePerSecond: 1, burst: 2 }, new ManualClock());
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b')).toEqual({ allowed: true });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const clock = new ManualClock();
    const limiter = new ResendRateLimiter({ ratePerSecond: 0.4, burst: 1 }, clock);
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 3 });
    clock.advance(2_450);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(50);
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('forgets full buckets once many tenants have been seen', () => {
    const clock = new ManualClock();
    const limiter = new ResendRateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    for (let i = 0; i < 10_000; i++) limiter.take(`t${i}`);
    expect(limiter.size).toBe(10_000);
    clock.advance(1_000);
    limiter.take('fresh');
    expect(limiter.size).toBe(1);
    // A tenant that was forgotten starts again with a full bucket.
    expect(limiter.take('t1')).toEqual({ allowed: true });
  });
});
