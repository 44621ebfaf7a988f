import { describe, expect, it } from '@jest/globals';
import { livePreviousSecret } from './previous-secret.js';

const expiresAt = new Date('2026-11-23T10:00:00.000Z');
const rotated = { previousSecret: 'whsec_old', previousSecretExpiresAt: expiresAt };

describe('livePreviousSecret', () => {
  it('is the previous secret and its expiry during the grace period', () => {
    expect(livePreviousSecret(rotated, new Date('2026-11-23T09:59:59.999Z'))).toEqual({
      secret: 'whsec_old',
      expiresAt: '2026-11-23T10:00:00.000Z',
    });
  });

  it('is null from the expiry on, even before the sweep clears the row', () => {
    expect(livePreviousSecret(rotated, expiresAt)).toBeNull();
    expect(livePreviousSecret(rotated, new Date('2026-11-24T00:00:00Z'))).toBeNull();
  });

  it('is null when the endpoint was never rotated', () => {
    const never = { previousSecret: null, previousSecretExpiresAt: null };
    expect(livePreviousSecret(never, new Date(0))).toBeNull();
  });
});
