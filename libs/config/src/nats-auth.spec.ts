import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { commonEnv, ConfigError, loadConfig } from './env.js';
import { checkNatsAuth, natsAuth } from './nats-auth.js';

const schema = z.object(commonEnv).superRefine(checkNatsAuth);
const load = (env: Record<string, string>) => loadConfig(schema, env);
const dir = mkdtempSync(path.join(tmpdir(), 'herald-nats-auth-'));
const SEED = `SU${'A'.repeat(56)}`;
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};
const creds = file(
  'service.creds',
  '-----BEGIN NATS USER JWT-----\neyJ0\n------END NATS USER JWT------\n',
);
const seedFile = file('user.nk', `${SEED}\n`);
const missing = path.join(dir, 'absent');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NATS authentication variables', () => {
  it('accepts none (an open server) and each single method', () => {
    expect(natsAuth(load({}))).toEqual({});
    expect(natsAuth(load({ NATS_CREDS: creds })).creds).toContain('NATS USER JWT');
    expect(natsAuth(load({ NATS_USER: 'ingest', NATS_PASSWORD: 'pw' }))).toEqual({
      user: 'ingest',
      pass: 'pw',
    });
    expect(natsAuth(load({ NATS_TOKEN: 'tok' }))).toEqual({ token: 'tok' });
    expect(natsAuth(load({ NATS_NKEY: SEED }))).toEqual({ nkeySeed: SEED });
    expect(natsAuth(load({ NATS_NKEY: seedFile }))).toEqual({ nkeySeed: SEED });
  });

  it('combines TLS with a method', () => {
    const ca = file('ca.pem', 'ca');
    const cert = file('cert.pem', 'cert');
    const key = file('key.pem', 'key');
    expect(
      natsAuth(load({ NATS_TOKEN: 't', NATS_TLS_CA: ca, NATS_TLS_CERT: cert, NATS_TLS_KEY: key })),
    ).toEqual({ token: 't', tls: { caFile: ca, certFile: cert, keyFile: key } });
  });

  it.each([
    [{ NATS_USER: 'ingest' }, /NATS_PASSWORD: required when NATS_USER is set/],
    [{ NATS_PASSWORD: 'pw' }, /NATS_USER: required when NATS_PASSWORD is set/],
    [{ NATS_CREDS: missing }, /NATS_CREDS: the file cannot be read/],
    [{ NATS_NKEY: missing }, /NATS_NKEY: neither a user seed/],
    [{ NATS_NKEY: creds }, /NATS_NKEY: the file holds no user seed/],
    [
      { NATS_CREDS: creds, NATS_TOKEN: 't' },
      /one NATS authentication method, not NATS_CREDS and NATS_TOKEN/,
    ],
    [
      { NATS_URL: 'nats://u:p@127.0.0.1:4222', NATS_USER: 'u', NATS_PASSWORD: 'p' },
      /not user info in NATS_URL and NATS_USER\/NATS_PASSWORD/,
    ],
    [{ NATS_TLS_CERT: creds }, /NATS_TLS_KEY: NATS_TLS_CERT and NATS_TLS_KEY go together/],
    [{ NATS_TLS_CA: missing }, /NATS_TLS_CA: the file cannot be read/],
  ])('fails fast naming the variable: %j', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });

  it('never puts a secret value in the error', () => {
    const secret = 'sup3r-secret-password';
    const error = (() => {
      try {
        load({ NATS_PASSWORD: secret, NATS_TOKEN: 'another-secret-token' });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('another-secret-token');
  });
});
