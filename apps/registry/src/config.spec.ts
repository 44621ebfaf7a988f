import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '@herald/config';
import { loadRegistryConfig } from './config.js';

/** A valid HERALD_SECRETS_KEY, which the service requires (see its own test below). */
const KEYED = { HERALD_SECRETS_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

const TOKEN = randomBytes(24).toString('hex');

describe('loadRegistryConfig', () => {
  it('applies defaults', () => {
    const config = loadRegistryConfig({ ...KEYED, HERALD_ADMIN_TOKEN: TOKEN });
    expect(config.HERALD_REGISTRY_PORT).toBe(8081);
    expect(config.HERALD_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(config.HERALD_ALLOWED_CIDRS).toEqual([]);
    expect(config.HERALD_MAX_URL_LENGTH).toBe(2048);
  });

  it('fails fast, naming HERALD_ADMIN_TOKEN, when it is missing or short', () => {
    expect(() => loadRegistryConfig(KEYED)).toThrow(/HERALD_ADMIN_TOKEN: is required/);
    expect(() => loadRegistryConfig({ ...KEYED, HERALD_ADMIN_TOKEN: 'short' })).toThrow(
      /HERALD_ADMIN_TOKEN: must be at least 16 characters/,
    );
    expect(() => loadRegistryConfig(KEYED)).toThrow(ConfigError);
  });

  it('refuses a published admin token unless HERALD_ALLOW_INSECURE_DEV_TOKEN=true', () => {
    const published = { ...KEYED, HERALD_ADMIN_TOKEN: 'change-me-admin-token' };
    expect(() => loadRegistryConfig(published)).toThrow(/HERALD_ADMIN_TOKEN: is a published/);
    expect(
      loadRegistryConfig({ ...published, HERALD_ALLOW_INSECURE_DEV_TOKEN: 'true' })
        .HERALD_ADMIN_TOKEN,
    ).toBe('change-me-admin-token');
  });

  it('parses the CIDR allow-list and refuses a malformed one', () => {
    const config = loadRegistryConfig({
      ...KEYED,
      HERALD_ADMIN_TOKEN: TOKEN,
      HERALD_ALLOWED_CIDRS: '127.0.0.0/8, 10.1.0.0/16,',
    });
    expect(config.HERALD_ALLOWED_CIDRS).toEqual(['127.0.0.0/8', '10.1.0.0/16']);
    expect(() =>
      loadRegistryConfig({ ...KEYED, HERALD_ADMIN_TOKEN: TOKEN, HERALD_ALLOWED_CIDRS: 'nope/8' }),
    ).toThrow(/HERALD_ALLOWED_CIDRS/);
  });

  it('reads the switches and limits', () => {
    const config = loadRegistryConfig({
      ...KEYED,
      HERALD_ADMIN_TOKEN: TOKEN,
      HERALD_ALLOW_PRIVATE_NETWORKS: 'true',
      HERALD_MAX_URL_LENGTH: '512',
      HERALD_REGISTRY_PORT: '0',
    });
    expect(config).toMatchObject({
      HERALD_ALLOW_PRIVATE_NETWORKS: true,
      HERALD_MAX_URL_LENGTH: 512,
      HERALD_REGISTRY_PORT: 0,
    });
  });

  it('requires HERALD_SECRETS_KEY unless HERALD_DEV_MODE=true', () => {
    expect(() => loadRegistryConfig({ HERALD_ADMIN_TOKEN: TOKEN })).toThrow(
      /HERALD_SECRETS_KEY: is required/,
    );
    expect(
      loadRegistryConfig({ HERALD_ADMIN_TOKEN: TOKEN, HERALD_DEV_MODE: 'true' }).HERALD_SECRETS_KEY,
    ).toEqual([]);
    expect(() =>
      loadRegistryConfig({ HERALD_ADMIN_TOKEN: TOKEN, HERALD_SECRETS_KEY: 'k1:short' }),
    ).toThrow(/HERALD_SECRETS_KEY: key "k1": expected 32 bytes/);
  });
});
