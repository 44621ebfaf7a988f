import { describe, expect, it } from '@jest/globals';
import { ResendRateLimiter } from './resend-rate-limiter.js';

function fakeClock() {
  const clock = { ms: 0, monotonic: () => clock.ms };
  return clock;
}

describe('ResendRateLimiter', () => {
  it('limits each tenant separately', () => {
    const limiter = new ResendRateLimiter({ ratePerSecond: 1, burst: 2 }, fakeClock());
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b')).toEqual({ allowed: true });
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const clock = fakeClock();
    const limiter = new ResendRateLimiter({ ratePerSecond: 0.4, burst: 1 }, clock);
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 3 });
    clock.ms = 2_450;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.ms = 2_500;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('forgets full buckets once many tenants have been seen', () => {
    const clock = fakeClock();
    const limiter = new ResendRateLimiter({ ratePerSecond: 10, burst: 1 }, clock);
    for (let i = 0; i < 10_000; i++) limiter.take(`t${i}`);
    expect(limiter.size).toBe(10_000);
    clock.ms = 1_000;
    limiter.take('fresh');
    expect(limiter.size).toBe(1);
    // A tenant that was forgotten starts again with a full bucket.
    expect(limiter.take('t1')).toEqual({ allowed: true });
  });
});
