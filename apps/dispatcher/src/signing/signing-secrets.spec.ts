import { describe, expect, it } from '@jest/globals';
import { signingSecrets } from './signing-secrets.js';

const now = Date.parse('2026-11-22T10:00:00.000Z');

describe('signingSecrets', () => {
  it('signs with the current secret alone when nothing was rotated', () => {
    expect(signingSecrets({ secrets: ['whsec_new'], previousSecret: null }, now)).toEqual([
      'whsec_new',
    ]);
  });

  it('adds the rotated-out secret, newest first, until its grace period ends', () => {
    const endpoint = {
      secrets: ['whsec_new'],
      previousSecret: { secret: 'whsec_old', expiresAt: '2026-11-22T10:00:00.001Z' },
    };
    expect(signingSecrets(endpoint, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(endpoint, now + 1)).toEqual(['whsec_new']);
  });

  it('never signs twice with the same secret', () => {
    const endpoint = {
      secrets: ['whsec_same'],
      previousSecret: { secret: 'whsec_same', expiresAt: '2026-11-23T00:00:00.000Z' },
    };
    expect(signingSecrets(endpoint, now)).toEqual(['whsec_same']);
  });
});
