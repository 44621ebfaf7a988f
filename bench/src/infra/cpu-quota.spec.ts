import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pollUntil } from '@herald/testing';
import { CGROUP_CPU_ROOT, CpuQuota } from './cpu-quota.js';

const writable = (() => {
  try {
    accessSync(CGROUP_CPU_ROOT, constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();

describe('CpuQuota', () => {
  it('says why, and limits nothing, where there is no cgroup v1 CPU controller', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'no-cgroup-'));
    try {
      const quota = CpuQuota.open('spec', 0.25, root);
      expect(quota.enabled).toBe(false);
      expect(quota.unavailable).toMatch(
        /no cgroup v1 CPU controller writable at .*WITHOUT a CPU quota/,
      );
      quota.limit('dispatcher', process.pid);
      expect(quota.periods('dispatcher')).toBeNull();
      quota.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  (writable ? it : it.skip)(
    'holds a busy process to its quota, then removes its cgroup',
    async () => {
      const quota = CpuQuota.open(`spec-${process.pid}`, 0.1);
      expect(quota.enabled).toBe(true);
      const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
      try {
        quota.limit('busy', busy.pid!);
        const group = path.join(CGROUP_CPU_ROOT, `herald-bench-spec-${process.pid}`, 'busy');
        // Weighted above the root group's processes, so competing work can't take its quota.
        expect(Number(readFileSync(path.join(group, 'cpu.shares'), 'utf8'))).toBe(8_192);
        // 0.1 CPU: once it spins, the process runs out of quota in nearly every
        // period. Counted from a first reading on, so its start-up and a busy
        // machine's first periods (where it may not even get its 10 ms) weigh less.
        const periodsFrom = (since: { periods: number }, count: number, what: string) =>
          pollUntil(
            () => {
              const now = quota.periods('busy');
              return now !== null && now.periods >= since.periods + count && now;
            },
            { timeoutMs: 15_000, intervalMs: 100, what },
          );
        const start = await periodsFrom({ periods: 0 }, 3, 'the busy process running');
        const stat = await periodsFrom(start, 20, 'twenty CFS periods of the busy process');
        const throttled = (stat.throttled - start.throttled) / (stat.periods - start.periods);
        expect(throttled).toBeGreaterThan(0.7);
      } finally {
        busy.kill('SIGKILL');
        await new Promise((resolve) => busy.once('exit', resolve));
        quota.close();
      }
      expect(existsSync(path.join(CGROUP_CPU_ROOT, `herald-bench-spec-${process.pid}`))).toBe(
        false,
      );
    },
  );
});
