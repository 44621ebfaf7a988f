import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { heapFlags, heapPlan } from './heap-budget.js';
import { serviceEntry, serviceNodeFlags, serviceProcessEnv } from './node-flags.js';

describe('serviceNodeFlags', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'herald-flags-'));
  mkdirSync(path.join(root, 'deploy'));
  writeFileSync(path.join(root, 'deploy', 'node-flags'), '--no-maglev  --foo\n');

  it("puts the shared flags first, then the service's heap flags for that environment", () => {
    const env = { HERALD_DISPATCH_MAX_BYTES: String(64 * 1024 * 1024) };
    expect(serviceNodeFlags(root, 'dispatcher', env)).toEqual([
      '--no-maglev',
      '--foo',
      ...heapFlags(heapPlan('dispatcher', env)),
    ]);
  });

  it('refuses a name that is no service', () => {
    expect(() => serviceNodeFlags(root, 'cli', {})).toThrow('no heap budget for cli');
  });
});

describe('serviceEntry', () => {
  it('starts the five services from their bundle and the gateway from its compiled main', () => {
    expect(serviceEntry('/r', 'health-monitor')).toBe('/r/apps/health-monitor/bundle/main.js');
    expect(serviceEntry('/r', 'gateway')).toBe('/r/apps/gateway/dist/main.js');
    expect(serviceEntry('/r', 'ingest', { HERALD_BUNDLE: 'off' })).toBe(
      '/r/apps/ingest/dist/main.js',
    );
  });
});

describe('serviceProcessEnv', () => {
  it('adds two malloc arenas where the environment sets none, and keeps an operator’s choice', () => {
    expect(serviceProcessEnv({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(serviceProcessEnv({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX).toBe('8');
  });
});
