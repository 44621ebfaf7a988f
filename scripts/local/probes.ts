import net from 'node:net';
import { messageOf, Problem } from './problem.ts';

/** Hosts that mean this machine: a server there may be started by the scripts. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** True when something accepts a TCP connection at host:port within `timeoutMs`. */
export function tcpAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when nothing listens on host:port (we can bind it ourselves). */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first port from `start` (of 100) that is free on 127.0.0.1 and where nothing answers. */
export async function freePortFrom(start: number): Promise<number> {
  for (let port = start; port < start + 100; port += 1) {
    if ((await portFree('127.0.0.1', port)) && !(await tcpAnswers('127.0.0.1', port))) return port;
  }
  throw new Problem(`no free TCP port in ${start}-${start + 99}`);
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What to throw past the timeout (default: a Problem saying what did not come up). */
  timedOut?: () => Error;
}

/**
 * Asks `probe` until it says true; a probe that throws ends the wait with its
 * error. Past the timeout: a Problem saying what did not come up.
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs, intervalMs = 200, timedOut }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) {
      throw timedOut?.() ?? new Problem(`${what} did not come up within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits until `attempt` resolves. A Problem it throws ends the wait at once;
 * any other error is retried until the timeout, then reported with the last
 * error's message.
 */
export async function answersWithin(
  what: string,
  attempt: () => Promise<unknown>,
  options: Omit<WaitOptions, 'timedOut'>,
): Promise<void> {
  let last: unknown;
  const probe = () =>
    attempt().then(
      () => true,
      (error: unknown) => {
        if (error instanceof Problem) throw error;
        last = error;
        return false;
      },
    );
  await waitFor(what, probe, {
    ...options,
    timedOut: () => new Problem(`${what} did not answer: ${messageOf(last)}`),
  });
}

/** The URL with its password masked, for output. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
