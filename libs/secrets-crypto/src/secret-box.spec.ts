import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '@herald/config';
import { SecretBox, SecretDecryptError } from './secret-box.js';
import { secretsEnv, secretsKeyRequired } from './secrets-env.js';
import { parseSecretsKeys } from './secrets-keys.js';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('SecretBox', () => {
  const k1 = key('k1');
  const k2 = key('k2');
  const box = new SecretBox(parseSecretsKeys(k1));

  it('seals with AES-256-GCM under the first key id and opens it again', () => {
    const sealed = box.seal('whsec_top-secret');
    expect(sealed).toMatch(/^enc:v1:k1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain('top-secret');
    expect(box.seal('whsec_top-secret')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('whsec_top-secret');
  });

  it('decrypts with any listed key and re-seals stale values with the first', () => {
    const old = box.seal('receiver-token');
    const rotated = new SecretBox(parseSecretsKeys(`${k2},${k1}`));
    expect(rotated.open(old)).toBe('receiver-token');
    expect(rotated.isStale(old)).toBe(true);
    const resealed = rotated.reseal(old);
    expect(resealed).toMatch(/^enc:v1:k2:/);
    expect(rotated.isStale(resealed)).toBe(false);
    expect(() => new SecretBox(parseSecretsKeys(k2)).open(old)).toThrow(/key "k1".*not configured/);
  });

  it('refuses a tampered, truncated or foreign value without echoing it', () => {
    const sealed = box.seal('x'.repeat(40));
    const bytes = Buffer.from(sealed.slice('enc:v1:k1:'.length), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    const tampered = `enc:v1:k1:${bytes.toString('base64')}`;
    expect(() => box.open(tampered)).toThrow(SecretDecryptError);
    expect(() => box.open('enc:v1:k1:AAAA')).toThrow(/truncated/);
    expect(() => box.open('enc:v9:k1:AAAA')).toThrow(/unknown secret format/);
    expect(() => new SecretBox(parseSecretsKeys(key('k1'))).open(sealed)).toThrow(
      /failed authentication/,
    );
  });

  it('passes values stored before encryption through, and marks them stale', () => {
    expect(box.open('whsec_legacy')).toBe('whsec_legacy');
    expect(box.isStale('whsec_legacy')).toBe(true);
  });

  it('seals and opens header maps value by value, keeping the names', () => {
    const sealed = box.sealValues({ authorization: 'Bearer abc', 'x-api-key': 'k' });
    expect(Object.keys(sealed)).toEqual(['authorization', 'x-api-key']);
    expect(JSON.stringify(sealed)).not.toContain('Bearer abc');
    expect(box.openValues(sealed)).toEqual({ authorization: 'Bearer abc', 'x-api-key': 'k' });
  });

  it('stores in clear without a key (development mode)', () => {
    const clear = new SecretBox([]);
    expect(clear.encrypting).toBe(false);
    expect(clear.seal('s')).toBe('s');
  });
});

describe('HERALD_SECRETS_KEY', () => {
  const schema = z.object(secretsEnv).refine(secretsKeyRequired.check, secretsKeyRequired.params);

  it.each([
    ['k1', /expected <keyId>:<base64/],
    ['k1:', /32 bytes/],
    [`k1:${randomBytes(16).toString('base64')}`, /32 bytes/],
    [`bad id:${randomBytes(32).toString('base64')}`, /keyId/],
    [`${key('a')},${key('a')}`, /unique/],
  ])('refuses %j with a message naming the variable, never the key', (value, message) => {
    let problem = '';
    try {
      loadConfig(schema, { HERALD_SECRETS_KEY: value });
    } catch (error) {
      problem = (error as Error).message;
    }
    expect(problem).toMatch(/HERALD_SECRETS_KEY/);
    expect(problem).toMatch(message);
    const material = value.split(':')[1];
    if (material) expect(problem).not.toContain(material.split(',')[0]);
  });

  it('is required unless HERALD_DEV_MODE=true', () => {
    expect(() => loadConfig(schema, {})).toThrow(/HERALD_SECRETS_KEY: is required/);
    expect(loadConfig(schema, { HERALD_DEV_MODE: 'true' }).HERALD_SECRETS_KEY).toEqual([]);
    expect(loadConfig(schema, { HERALD_SECRETS_KEY: key('k1') }).HERALD_SECRETS_KEY).toHaveLength(
      1,
    );
  });
});
