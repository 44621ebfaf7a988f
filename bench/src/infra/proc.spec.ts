import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pollUntil } from '@herald/testing';
import { CpuWatch, IoCallWatch, ioCallsIn, readIoCalls } from './proc.js';

/**
 * A copy of `yes` under a command name of its own: run, it writes to
 * /dev/null in a loop, one write call per buffer, and stands in for a
 * server process such as a Postgres backend.
 */
function probe(prefix: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const name = `${prefix}${process.pid % 10_000}`;
  copyFileSync('/usr/bin/yes', path.join(dir, name));
  return {
    name,
    /** Runs the probe until `done(pid)` holds, then kills it and waits for its exit; returns its pid. */
    async runUntil(done: (pid: number) => boolean): Promise<number> {
      const busy = spawn(path.join(dir, name), [], {
        stdio: ['ignore', openSync('/dev/null', 'w'), 'ignore'],
      });
      try {
        await pollUntil(() => done(busy.pid!), { timeoutMs: 20_000 });
      } finally {
        busy.kill('SIGKILL');
        if (busy.exitCode === null && busy.signalCode === null) await once(busy, 'exit');
      }
      return busy.pid!;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('CpuWatch', () => {
  it("keeps a server process's CPU seconds after the process exits", async () => {
    // Like a Postgres backend whose connection closes, the probe exits between two snapshots.
    const busy = probe('cpuprobe');
    const watch = new CpuWatch([busy.name], 50);
    watch.watch('self', process.pid);
    try {
      const before = watch.snapshot();
      expect(before[busy.name]).toBe(0);
      await busy.runUntil(() => watch.snapshot()[busy.name]! >= 200);
      const seconds = CpuWatch.delta(before, watch.snapshot());
      expect(seconds[busy.name]).toBeGreaterThanOrEqual(0.2);
      expect(seconds['self']).toBeGreaterThan(0);
    } finally {
      watch.stop();
      busy.remove();
    }
  });
});

describe('IoCallWatch', () => {
  it("counts a server process's write calls, and keeps them after the process exits", async () => {
    const busy = probe('ioprobe');
    const watch = new IoCallWatch([busy.name], 50);
    watch.watch('self', process.pid);
    try {
      const before = watch.snapshot();
      expect(before[busy.name]).toBe(0);
      const pid = await busy.runUntil(
        (pid) => (readIoCalls(pid) ?? 0) >= 10_000 && watch.snapshot()[busy.name]! >= 10_000,
      );
      expect(readIoCalls(pid)).toBeNull();
      const calls = IoCallWatch.delta(before, watch.snapshot());
      expect(calls[busy.name]).toBeGreaterThanOrEqual(10_000);
    } finally {
      watch.stop();
      busy.remove();
    }
  });
});

describe('readIoCalls', () => {
  it("counts a process's own calls, not those of the children it reaped", async () => {
    // The shell waits for `head`, which copies 50 MB in a few thousand reads
    // and writes, then for `sleep`: like the postmaster after an autovacuum
    // worker exited, its /proc/<pid>/io holds the child's calls.
    const parent = spawn('sh', ['-c', 'head -c 50000000 /dev/zero > /dev/null; exec sleep 60'], {
      stdio: 'ignore',
    });
    const whole = () => ioCallsIn(readFileSync(`/proc/${parent.pid}/io`, 'utf8'));
    try {
      await pollUntil(() => whole() >= 5_000, { timeoutMs: 20_000 });
      expect(readIoCalls(parent.pid!)).toBeLessThan(1_000);
    } finally {
      parent.kill('SIGKILL');
      if (parent.exitCode === null && parent.signalCode === null) await once(parent, 'exit');
    }
  });
});
