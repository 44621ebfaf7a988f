import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ChildrenFile,
  livePid,
  parseChildren,
  pidAlive,
  removePidFile,
  tail,
  waitForExit,
} from './processes.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-scripts-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A node process that sleeps until signalled; its command line carries `marker`. */
const sleeper = (marker: string) =>
  spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });

describe('pid files', () => {
  it("recognises a pid file's process only while it runs the expected command", () => {
    const dir = tempDir();
    const file = path.join(dir, 'up.pid');
    writeFileSync(file, String(process.pid));
    expect(livePid(file, [path.basename(process.execPath)])).toBe(process.pid);
    expect(livePid(file, ['scripts/no-such-script.ts'])).toBeNull();
    expect(livePid(path.join(dir, 'missing.pid'), [])).toBeNull();
  });

  it("removes a pid file only when it holds this run's pid", () => {
    const dir = tempDir();
    const file = path.join(dir, 'up.pid');
    writeFileSync(file, '1');
    expect(removePidFile(file, process.pid)).toBe(false);
    expect(existsSync(file)).toBe(true);
    writeFileSync(file, String(process.pid));
    expect(removePidFile(file, process.pid)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});

describe('tail', () => {
  it('gives the last lines of a log, or nothing for a missing one', () => {
    const file = path.join(tempDir(), 'x.log');
    writeFileSync(file, ['a', 'b', 'c', 'd', ''].join('\n'));
    expect(tail(file, 2)).toBe('c\nd');
    expect(tail(`${file}.missing`)).toBe('');
  });
});

describe('children file', () => {
  it('parses "<pid> <marker>" lines', () => {
    expect(parseChildren('12 /a/dist/main.js\n\n34 store dir/x\n')).toEqual([
      { pid: 12, marker: '/a/dist/main.js' },
      { pid: 34, marker: 'store dir/x' },
    ]);
  });

  it("stops an earlier run's leftover that still runs its command, and forgets the list", async () => {
    const file = path.join(tempDir(), 'children');
    const children = new ChildrenFile(file);
    const marker = `leftover-${process.pid}`;
    const leftover = sleeper(marker);
    await new Promise((resolve) => leftover.once('spawn', resolve));
    children.record(leftover, marker);
    // A reused pid running something else is left alone.
    writeFileSync(file, `${readFileSync(file, 'utf8')}${process.pid} not-this-command\n`);
    const said: string[] = [];
    await children.stopLeftovers((line) => said.push(line));
    expect(await waitForExit(leftover, 5_000)).toBe(true);
    expect(leftover.signalCode).toBe('SIGTERM');
    expect(pidAlive(process.pid)).toBe(true);
    expect(said[0]).toMatch(/an earlier run ended without stopping its processes/);
    expect(said.join('\n')).toContain(`pid ${leftover.pid}`);
    expect(existsSync(file)).toBe(false);
  });
});

describe('waitForExit', () => {
  it('resolves false while the child runs, true once it exited', async () => {
    const child = sleeper('wait-for-exit');
    expect(await waitForExit(child, 50)).toBe(false);
    child.kill('SIGTERM');
    expect(await waitForExit(child, 5_000)).toBe(true);
    expect(await waitForExit(child, 0)).toBe(true);
  });
});
