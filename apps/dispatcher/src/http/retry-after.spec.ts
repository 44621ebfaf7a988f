import { describe, expect, it } from '@jest/globals';
import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('2026-11-22T10:00:00.000Z');
const HOUR = 3_600_000;

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now, HOUR)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now, HOUR)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:01:30 GMT', now, HOUR)).toBe(90_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now, HOUR)).toBe(0);
  });

  it('caps what the receiver asks for', () => {
    expect(parseRetryAfter('86400', now, HOUR)).toBe(HOUR);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(undefined, now, HOUR)).toBeNull();
    expect(parseRetryAfter('', now, HOUR)).toBeNull();
    expect(parseRetryAfter('soon', now, HOUR)).toBeNull();
    expect(parseRetryAfter('-5', now, HOUR)).toBeNull();
  });

  it('uses the first value when the header is repeated', () => {
    expect(parseRetryAfter(['5', '60'], now, HOUR)).toBe(5_000);
  });
});
