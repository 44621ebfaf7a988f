import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  adminTokenOf,
  checkoutPortalSigningKey,
  checkoutSecretsKey,
  keptSecret,
} from './checkout-secrets.ts';

const dirs: string[] = [];
const stateDir = () => {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'herald-state-')), 'state');
  dirs.push(path.dirname(dir));
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('checkout secrets', () => {
  it('are made once, readable by their owner only, and reused', () => {
    const dir = stateDir();
    let made = 0;
    const first = keptSecret(dir, 'thing', () => `value-${++made}`);
    const again = keptSecret(dir, 'thing', () => `value-${++made}`);
    expect([first, again, made]).toEqual(['value-1', 'value-1', 1]);
    expect(statSync(path.join(dir, 'thing')).mode & 0o777).toBe(0o600);
  });

  it('have the shapes the services accept', () => {
    const dir = stateDir();
    expect(checkoutSecretsKey(dir)).toMatch(/^local:[A-Za-z0-9+/]{43}=$/);
    expect(checkoutPortalSigningKey(dir)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('adminTokenOf', () => {
  const rel = (file: string) => path.basename(file);

  it('takes HERALD_ADMIN_TOKEN when set', () => {
    const dir = stateDir();
    expect(adminTokenOf({ HERALD_ADMIN_TOKEN: 'from-the-env' }, dir, rel)).toEqual({
      token: 'from-the-env',
      from: 'HERALD_ADMIN_TOKEN',
    });
  });

  it("else generates the checkout's random token and says where it is kept", () => {
    const dir = stateDir();
    const { token, from } = adminTokenOf({}, dir, rel);
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(from).toBe('admin-token');
    expect(readFileSync(path.join(dir, 'admin-token'), 'utf8').trim()).toBe(token);
    expect(adminTokenOf({}, dir, rel).token).toBe(token);
  });
});
