import { describe, expect, it } from '@jest/globals';
import { redactSecrets, secretForms } from './redaction.js';

describe('redactSecrets', () => {
  it('replaces every occurrence in every nested string, and nothing else', () => {
    const body = {
      id: 'alr_1',
      data: { error: 'echo: whsec_abc123 and X-Api-Key k3y-v4lue', list: ['k3y-v4lue'], n: 3 },
    };
    expect(redactSecrets(body, [...secretForms('whsec_abc123'), 'k3y-v4lue'])).toEqual({
      id: 'alr_1',
      data: { error: 'echo: [redacted] and X-Api-Key [redacted]', list: ['[redacted]'], n: 3 },
    });
  });

  it('replaces the base64 part of a signing secret on its own too', () => {
    expect(redactSecrets('sig=abc123', secretForms('whsec_abc123'))).toBe('sig=[redacted]');
  });

  it('ignores values too short to be secrets', () => {
    expect(redactSecrets('yes no', ['yes'])).toBe('yes no');
  });
});
