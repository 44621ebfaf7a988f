import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pollUntil } from '@herald/testing';
import { CpuWatch, IoCallWatch, readIoCalls } from './proc.js';

describe('CpuWatch', () => {
  it("keeps a server process's CPU seconds after the process exits", async () => {
    // A busy process with a command name of its own stands in for a Postgres
    // backend whose connection closes between two snapshots.
    const dir = mkdtempSync(path.join(tmpdir(), 'cpu-watch-'));
    const name = `probe${process.pid % 100_000}`;
    const binary = path.join(dir, name);
    copyFileSync('/usr/bin/yes', binary);
    const watch = new CpuWatch([name], 50);
    watch.watch('self', process.pid);
    try {
      const before = watch.snapshot();
      expect(before[name]).toBe(0);
      const busy = spawn(binary, [], { stdio: ['ignore', openSync('/dev/null', 'w'), 'ignore'] });
      try {
        await pollUntil(() => watch.snapshot()[name]! >= 200, { timeoutMs: 20_000 });
      } finally {
        busy.kill('SIGKILL');
        if (busy.exitCode === null && busy.signalCode === null) await once(busy, 'exit');
      }
      const seconds = CpuWatch.delta(before, watch.snapshot());
      expect(seconds[name]).toBeGreaterThanOrEqual(0.2);
      expect(seconds['self']).toBeGreaterThan(0);
    } finally {
      watch.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('IoCallWatch', () => {
  it("counts a server process's write calls, and keeps them after the process exits", async () => {
    // `yes` writes to /dev/null in a loop: one write call per buffer it fills.
    const dir = mkdtempSync(path.join(tmpdir(), 'io-watch-'));
    const name = `ioprobe${process.pid % 10_000}`;
    const binary = path.join(dir, name);
    copyFileSync('/usr/bin/yes', binary);
    const watch = new IoCallWatch([name], 50);
    watch.watch('self', process.pid);
    try {
      const before = watch.snapshot();
      expect(before[name]).toBe(0);
      const busy = spawn(binary, [], { stdio: ['ignore', openSync('/dev/null', 'w'), 'ignore'] });
      try {
        await pollUntil(() => (readIoCalls(busy.pid!) ?? 0) >= 10_000, { timeoutMs: 20_000 });
        await pollUntil(() => watch.snapshot()[name]! >= 10_000, { timeoutMs: 20_000 });
      } finally {
        busy.kill('SIGKILL');
        if (busy.exitCode === null && busy.signalCode === null) await once(busy, 'exit');
      }
      expect(readIoCalls(busy.pid!)).toBeNull();
      const calls = IoCallWatch.delta(before, watch.snapshot());
      expect(calls[name]).toBeGreaterThanOrEqual(10_000);
    } finally {
      watch.stop();
      rmSync(dir, { recursive: true, force: true });
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
    const whole = () => {
      const io = readFileSync(`/proc/${parent.pid}/io`, 'utf8');
      return Number(/^syscr:\s+(\d+)/m.exec(io)?.[1]) + Number(/^syscw:\s+(\d+)/m.exec(io)?.[1]);
    };
    try {
      await pollUntil(() => whole() >= 5_000, { timeoutMs: 20_000 });
      expect(readIoCalls(parent.pid!)).toBeLessThan(1_000);
    } finally {
      parent.kill('SIGKILL');
      if (parent.exitCode === null && parent.signalCode === null) await once(parent, 'exit');
    }
  });
});
