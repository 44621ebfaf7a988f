import { describe, expect, it } from '@jest/globals';
import { generateEndpointSecret, SECRET_BYTES } from './endpoint-secret.js';

describe('generateEndpointSecret', () => {
  it('is whsec_ followed by the base64 of 24 bytes', () => {
    const secret = generateEndpointSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(SECRET_BYTES);
  });

  it('encodes exactly the random bytes it is given', () => {
    const secret = generateEndpointSecret((size) => Buffer.alloc(size, 0xff));
    expect(secret).toBe(`whsec_${Buffer.alloc(24, 0xff).toString('base64')}`);
  });

  it('differs on every call', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateEndpointSecret()));
    expect(secrets.size).toBe(50);
  });
});
