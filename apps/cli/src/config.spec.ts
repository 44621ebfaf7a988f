import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnvFile, resolveConfig } from './config.js';

/** A fresh folder whose `.herald/env` holds `contents`, as `pnpm start` writes it. */
function folderWithEnvFile(contents: string): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'herald-cli-'));
  mkdirSync(path.join(cwd, '.herald'));
  writeFileSync(path.join(cwd, '.herald', 'env'), contents);
  return cwd;
}

describe('resolveConfig', () => {
  it('prefers flags, then HERALD_*_URL, then .herald/env, then the default ports', () => {
    const cwd = folderWithEnvFile(
      '# comment\nREGISTRY=http://127.0.0.1:9081\nINGEST=http://127.0.0.1:9080\n',
    );
    const config = resolveConfig(
      { registry: 'http://flag:1/', key: 'hrld_flag' },
      { HERALD_INGEST_URL: 'http://env:2', HERALD_ADMIN_TOKEN: 'admin-token' },
      cwd,
    );
    expect(config.urls).toEqual({
      registry: 'http://flag:1',
      ingest: 'http://env:2',
      dispatcher: 'http://127.0.0.1:8082',
      'health-monitor': 'http://127.0.0.1:8083',
      alerting: 'http://127.0.0.1:8084',
    });
    expect(config).toMatchObject({ apiKey: 'hrld_flag', adminToken: 'admin-token' });
    const fromFile = resolveConfig({}, {}, cwd);
    expect(fromFile.urls.ingest).toBe('http://127.0.0.1:9080');
  });

  it('sends every service not named otherwise to the one API address', () => {
    const cwd = folderWithEnvFile('API=http://127.0.0.1:8000\nREGISTRY=http://127.0.0.1:9081\n');
    expect(resolveConfig({}, {}, cwd).urls).toEqual({
      registry: 'http://127.0.0.1:8000',
      ingest: 'http://127.0.0.1:8000',
      dispatcher: 'http://127.0.0.1:8000',
      'health-monitor': 'http://127.0.0.1:8000',
      alerting: 'http://127.0.0.1:8000',
    });
    const config = resolveConfig(
      { api: 'http://gw:1/', ingest: 'http://flag:2' },
      { HERALD_REGISTRY_URL: 'http://env:3' },
      cwd,
    );
    expect(config.urls).toEqual({
      registry: 'http://env:3',
      ingest: 'http://flag:2',
      dispatcher: 'http://gw:1',
      'health-monitor': 'http://gw:1',
      alerting: 'http://gw:1',
    });
  });

  it('reads KEY=value lines, quoted or not', () => {
    expect(parseEnvFile('A=1\nB="two"\n  # C=3\nnot a line')).toEqual({ A: '1', B: 'two' });
  });
});
