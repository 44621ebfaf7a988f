import { describe, expect, it } from '@jest/globals';
import { sameSecret } from './admin-token.guard.js';

describe('sameSecret', () => {
  it('is true only for the identical string', () => {
    expect(sameSecret('correct-horse-battery', 'correct-horse-battery')).toBe(true);
    expect(sameSecret('correct-horse-batterY', 'correct-horse-battery')).toBe(false);
  });

  it('handles different lengths and the empty string without throwing', () => {
    expect(sameSecret('short', 'a-much-longer-secret')).toBe(false);
    expect(sameSecret('', 'a-much-longer-secret')).toBe(false);
  });
});
