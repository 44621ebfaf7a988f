import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateDestinationToken } from '../destinations/destination-token.js';
import { signAlert } from './alert-signature.js';

describe('signAlert', () => {
  it('verifies with the Standard Webhooks library, the token being the secret', () => {
    const token = generateDestinationToken();
    const body = '{"id":"alr_1","kind":"test"}';
    const headers = signAlert(token, 'alr_1', new Date(), body);
    expect(headers['webhook-id']).toBe('alr_1');
    expect(new Webhook(token).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateDestinationToken()).verify(body, headers)).toThrow();
  });

  it('uses a token that is not a whsec_ secret as raw key bytes', () => {
    const body = '{}';
    const headers = signAlert('plain-operator-token', 'alr_2', new Date(), body);
    const verifier = new Webhook(new TextEncoder().encode('plain-operator-token'), {
      format: 'raw',
    });
    expect(verifier.verify(body, headers)).toEqual({});
  });
});
