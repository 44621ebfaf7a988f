import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@herald/config';
import { loadDispatcherConfig } from './config.js';

/** A valid HERALD_SECRETS_KEY, which the service requires (see its own test below). */
const KEYED = { HERALD_SECRETS_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('loadDispatcherConfig', () => {
  it('has documented defaults', () => {
    const config = loadDispatcherConfig(KEYED);
    expect(config).toMatchObject({
      HERALD_DISPATCHER_PORT: 8082,
      HERALD_REQUEST_TIMEOUT: 15_000,
      HERALD_RETRY_SCHEDULE: [
        5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
      ],
      HERALD_RETRY_JITTER: 0.2,
      HERALD_DISPATCH_CONCURRENCY: 128,
      HERALD_ALLOW_PRIVATE_NETWORKS: false,
      HERALD_ALLOWED_CIDRS: [],
      HERALD_BREAKER_ERROR_PERCENT: 50,
      HERALD_BREAKER_VOLUME: 20,
      HERALD_BREAKER_WINDOW: 60_000,
      HERALD_BREAKER_RESET: 30_000,
    });
  });

  it('parses lists and booleans', () => {
    const config = loadDispatcherConfig({
      ...KEYED,
      HERALD_RETRY_SCHEDULE: '100ms, 2s',
      HERALD_ALLOWED_CIDRS: '127.0.0.0/8, 10.1.0.0/16',
      HERALD_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    expect(config.HERALD_RETRY_SCHEDULE).toEqual([100, 2_000]);
    expect(config.HERALD_ALLOWED_CIDRS).toEqual(['127.0.0.0/8', '10.1.0.0/16']);
    expect(config.HERALD_ALLOW_PRIVATE_NETWORKS).toBe(true);
  });

  it('fails fast naming each bad variable', () => {
    const attempt = () =>
      loadDispatcherConfig({
        ...KEYED,
        HERALD_ALLOWED_CIDRS: 'nope',
        HERALD_REQUEST_TIMEOUT: 'soon',
        HERALD_RETRY_JITTER: '2',
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/HERALD_ALLOWED_CIDRS: "nope" is not a CIDR range/);
    expect(attempt).toThrow(/HERALD_REQUEST_TIMEOUT/);
    expect(attempt).toThrow(/HERALD_RETRY_JITTER/);
  });

  it('requires HERALD_SECRETS_KEY unless HERALD_DEV_MODE=true', () => {
    expect(() => loadDispatcherConfig({})).toThrow(/HERALD_SECRETS_KEY: is required/);
    expect(loadDispatcherConfig({ ...{}, HERALD_DEV_MODE: 'true' }).HERALD_SECRETS_KEY).toEqual([]);
    expect(() => loadDispatcherConfig({ ...{}, HERALD_SECRETS_KEY: 'k1:short' })).toThrow(
      /HERALD_SECRETS_KEY: key "k1": expected 32 bytes/,
    );
  });
});
