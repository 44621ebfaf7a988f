import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { waitFor } from './probes.ts';

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line of a running process (Linux /proc), or '' when unknown. */
export function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Pid from a pid file whose process is still running this command line (or null). */
export function livePid(file: string, cmdlineIncludes: string[]): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!pid || !pidAlive(pid)) return null;
  const cmdline = cmdlineOf(pid);
  return cmdlineIncludes.every((part) => cmdline.includes(part)) ? pid : null;
}

/** Removes a pid file only when it holds the given pid (never another run's); true if it did. */
export function removePidFile(file: string, pid: number): boolean {
  try {
    if (pid && Number(readFileSync(file, 'utf8').trim()) === pid) {
      rmSync(file, { force: true });
      return true;
    }
  } catch {
    // no such file
  }
  return false;
}

/** The last lines of a log file ('' when it cannot be read). */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Resolves true once the child has exited, false when it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** One line of a children file: a pid and a part of its command line. */
export interface ChildRecord {
  pid: number;
  marker: string;
}

/** "<pid> <marker>" lines → records (blank lines skipped). */
export function parseChildren(text: string): ChildRecord[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ...marker] = line.split(' ');
      return { pid: Number(pid), marker: marker.join(' ') };
    });
}

/**
 * The processes a run starts, one line each ("<pid> <part of its command
 * line>"), so that a run killed with SIGKILL, which cannot clean up, has its
 * leftovers stopped by the next one.
 */
export class ChildrenFile {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  record(child: ChildProcess, marker: string): void {
    appendFileSync(this.file, `${child.pid} ${marker}\n`);
  }

  /** Stops what an earlier run left running (still the same command), then forgets the list. */
  async stopLeftovers(say: (line: string) => void): Promise<void> {
    if (!existsSync(this.file)) return;
    const leftovers = parseChildren(readFileSync(this.file, 'utf8')).filter(
      ({ pid, marker }) => pid && pidAlive(pid) && cmdlineOf(pid).includes(marker),
    );
    if (leftovers.length > 0) {
      say(`an earlier run ended without stopping its processes; stopping them now:`);
      for (const { pid } of leftovers) {
        say(`  pid ${pid}: ${cmdlineOf(pid).slice(0, 120)}`);
        process.kill(pid, 'SIGTERM');
      }
      const gone = () => Promise.resolve(leftovers.every(({ pid }) => !pidAlive(pid)));
      await waitFor('the leftovers to stop', gone, { timeoutMs: 20_000 }).catch(async () => {
        for (const { pid } of leftovers) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
        // Killed, they still release their ports only once they are gone.
        await waitFor('the leftovers to be killed', gone, { timeoutMs: 5_000 }).catch(() => {});
      });
    }
    this.forget();
  }

  forget(): void {
    rmSync(this.file, { force: true });
  }
}

/**
 * Starts a daemon that outlives the script: output appended to `<dir>/<name>.log`,
 * pid written to `<dir>/<name>.pid`.
 */
export function daemon(
  dir: string,
  name: string,
  command: string,
  args: string[],
): { pid: number; log: string } {
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, `${name}.log`);
  const out = openSync(log, 'a');
  const child = spawn(command, args, { stdio: ['ignore', out, out], detached: true });
  child.unref();
  writeFileSync(path.join(dir, `${name}.pid`), String(child.pid));
  return { pid: child.pid!, log };
}
