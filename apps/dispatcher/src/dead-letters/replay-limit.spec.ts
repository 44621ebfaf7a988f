import { describe, expect, it } from '@jest/globals';
import { ReplayLimitReached, retryAfterSeconds } from './replay-limit.js';

describe('retryAfterSeconds', () => {
  it('is the time the smallest backlog needs at its share of the pace', () => {
    expect(retryAfterSeconds([100, 500, 1000], 50)).toBe(6);
  });

  it('is at least a second and at most an hour', () => {
    expect(retryAfterSeconds([0, 0, 0], 50)).toBe(1);
    expect(retryAfterSeconds([], 50)).toBe(1);
    expect(retryAfterSeconds([1_000_000, 1_000_000, 1_000_000], 1)).toBe(3600);
  });
});

describe('ReplayLimitReached', () => {
  it('is a 429 rate_limited API error', () => {
    expect(new ReplayLimitReached(3, 6)).toMatchObject({
      status: 429,
      code: 'rate_limited',
      retryAfterSeconds: 6,
    });
  });
});
