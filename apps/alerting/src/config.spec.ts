import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@herald/config';
import { loadAlertingConfig } from './config.js';

/** A valid HERALD_SECRETS_KEY, which the service requires (see its own test below). */
const KEYED = { HERALD_SECRETS_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

const problems = (env: Record<string, string>) => {
  try {
    loadAlertingConfig({ ...KEYED, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadAlertingConfig', () => {
  it('defaults to port 8084, a 10 s timeout and no destination', () => {
    const config = loadAlertingConfig(KEYED);
    expect(config.HERALD_ALERTING_PORT).toBe(8084);
    expect(config.HERALD_ALERT_TIMEOUT).toBe(10_000);
    expect(config.HERALD_ALERT_WEBHOOK_URL).toBeUndefined();
    expect(config.HERALD_ALERT_TOKEN).toBeUndefined();
  });

  it('holds HERALD_ADMIN_TOKEN to the registry’s rules: long enough and not a published one', () => {
    expect(problems({ HERALD_ADMIN_TOKEN: 'short-token' })).toEqual([
      'HERALD_ADMIN_TOKEN: must be at least 16 characters',
    ]);
    expect(problems({ HERALD_ADMIN_TOKEN: 'change-me-admin-token' })[0]).toMatch(
      /^HERALD_ADMIN_TOKEN: is a published example token/,
    );
    expect(
      problems({
        HERALD_ADMIN_TOKEN: 'change-me-admin-token',
        HERALD_ALLOW_INSECURE_DEV_TOKEN: 'true',
      }),
    ).toEqual([]);
  });

  it('treats empty variables as unset', () => {
    const config = loadAlertingConfig({
      ...KEYED,
      HERALD_ALERT_WEBHOOK_URL: '',
      HERALD_ALERT_TOKEN: ' ',
    });
    expect(config.HERALD_ALERT_WEBHOOK_URL).toBeUndefined();
    expect(config.HERALD_ALERT_TOKEN).toBeUndefined();
  });

  it('accepts an http(s) destination with its token and a custom timeout', () => {
    const config = loadAlertingConfig({
      ...KEYED,
      HERALD_ALERT_WEBHOOK_URL: 'https://ops.example.com/hooks/herald',
      HERALD_ALERT_TOKEN: 's3cret',
      HERALD_ALERT_TIMEOUT: '2500ms',
    });
    expect(config.HERALD_ALERT_WEBHOOK_URL).toBe('https://ops.example.com/hooks/herald');
    expect(config.HERALD_ALERT_TOKEN).toBe('s3cret');
    expect(config.HERALD_ALERT_TIMEOUT).toBe(2_500);
  });

  it('fails naming HERALD_ALERT_TOKEN when the URL is set without it', () => {
    expect(problems({ HERALD_ALERT_WEBHOOK_URL: 'https://ops.example.com' })).toEqual([
      'HERALD_ALERT_TOKEN: required when HERALD_ALERT_WEBHOOK_URL is set',
    ]);
  });

  it('refuses a URL that is not http or https, without echoing secrets', () => {
    const found = problems({
      HERALD_ALERT_WEBHOOK_URL: 'ftp://ops.example.com',
      HERALD_ALERT_TOKEN: 's3cret',
    });
    expect(found).toEqual(['HERALD_ALERT_WEBHOOK_URL: expected a URL with scheme http: or https:']);
    expect(found.join()).not.toContain('s3cret');
  });

  it('refuses a malformed timeout', () => {
    expect(problems({ HERALD_ALERT_TIMEOUT: 'soon' })[0]).toMatch(/^HERALD_ALERT_TIMEOUT: /);
  });

  it('requires HERALD_SECRETS_KEY unless HERALD_DEV_MODE=true', () => {
    expect(() => loadAlertingConfig({})).toThrow(/HERALD_SECRETS_KEY: is required/);
    expect(loadAlertingConfig({ ...{}, HERALD_DEV_MODE: 'true' }).HERALD_SECRETS_KEY).toEqual([]);
    expect(() => loadAlertingConfig({ ...{}, HERALD_SECRETS_KEY: 'k1:short' })).toThrow(
      /HERALD_SECRETS_KEY: key "k1": expected 32 bytes/,
    );
  });
});
