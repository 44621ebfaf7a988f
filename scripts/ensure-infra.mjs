/**
 * Makes sure the NATS (with JetStream) and the Postgres the tests use answer,
 * starting them when they do not. Used by `npm test` and .ci/run, after
 * `pnpm install`. The tests read NATS_URL (default nats://127.0.0.1:4222) and
 * HERALD_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432, a superuser
 * without password); so does this script.
 *
 * - NATS: starts `nats-server -js` (PATH, /usr/sbin, /usr/local/bin; as root it
 *   apt-get installs Debian's package when none is there).
 * - Postgres: starts the Debian cluster on that port if there is one, otherwise
 *   an embedded Postgres (scripts/embedded-postgres.mjs, trust auth on 127.0.0.1).
 *
 * What it starts keeps running for later test runs; it prints the pid to stop
 * it with, and keeps data and logs in .herald/infra/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const infraDir = path.join(root, '.herald', 'infra');
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const pgUrl = process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const say = (line) => console.log(`ensure-infra: ${line}`);

class Problem extends Error {}

function tcpAnswers(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function until(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const error = await probe().then(
      () => null,
      (e) => e,
    );
    if (!error) return;
    if (error instanceof Problem) throw error;
    if (Date.now() > deadline) throw new Problem(`${what} did not answer: ${error.message}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Starts a daemon that outlives this script, output to a log, pid to a pid file. */
function daemon(name, command, args) {
  mkdirSync(infraDir, { recursive: true });
  const log = path.join(infraDir, `${name}.log`);
  const out = openSync(log, 'a');
  const child = spawn(command, args, { stdio: ['ignore', out, out], detached: true });
  child.unref();
  writeFileSync(path.join(infraDir, `${name}.pid`), String(child.pid));
  return { pid: child.pid, log: path.relative(root, log) };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------- NATS

async function jetStreamAnswers() {
  const nc = await connect({ servers: natsUrl, timeout: 3_000, reconnect: false });
  try {
    await jetstreamManager(nc, { timeout: 3_000 });
  } finally {
    await nc.close();
  }
}

function findNatsServer() {
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (onPath.stdout?.trim()) return onPath.stdout.trim();
  return ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p));
}

async function ensureNats() {
  const { hostname, port: p } = new URL(natsUrl);
  const port = Number(p || 4222);
  if (await tcpAnswers(hostname, port)) {
    await jetStreamAnswers().catch((error) => {
      throw new Problem(
        `${natsUrl} answers but JetStream does not (${error.message}); the tests need nats-server -js`,
      );
    });
    say(`NATS with JetStream answers at ${natsUrl}`);
    return;
  }
  if (!LOCAL_HOSTS.has(hostname)) throw new Problem(`no NATS answers at ${natsUrl}`);
  let binary = findNatsServer();
  if (!binary && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    say('installing nats-server (apt-get install nats-server)');
    const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (apt(['install', '-y', '-qq', 'nats-server']).status !== 0) {
      apt(['update', '-qq']);
      apt(['install', '-y', '-qq', 'nats-server']);
    }
    binary = findNatsServer();
  }
  if (!binary) {
    throw new Problem(
      `no NATS answers at ${natsUrl} and nats-server is not installed.\n` +
        '  Install it (Debian: sudo apt-get install nats-server) or start a NATS with JetStream there.',
    );
  }
  const store = path.join(infraDir, `nats-${port}`);
  mkdirSync(store, { recursive: true });
  const { pid, log } = daemon(`nats-${port}`, binary, [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-js',
    '-sd',
    store,
  ]);
  await until('nats-server', () =>
    alive(pid) ? jetStreamAnswers() : Promise.reject(new Problem(`nats-server exited; see ${log}`)),
  );
  say(`started ${binary} with JetStream at ${natsUrl} (pid ${pid}, log ${log}; stop: kill ${pid})`);
}

// --------------------------------------------------------------- Postgres

async function postgresAnswers() {
  const url = new URL(pgUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: url.toString(),
    connectionTimeoutMillis: 3_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  await client.end();
}

const unreachable = (error) =>
  ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(error.code) ||
  /timeout/i.test(error.message);

const refused = (error) =>
  new Problem(
    `Postgres at ${pgUrl} refused the tests' connection: ${error.message}.\n` +
      '  The tests need a superuser without password (trust auth on 127.0.0.1);\n' +
      '  point HERALD_TEST_PG_URL at one, e.g. postgres://postgres:secret@127.0.0.1:5432',
  );

function debianClusterOn(port) {
  const list = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' });
  if (list.status !== 0) return null;
  const line = list.stdout.split('\n').find((l) => l.split(/\s+/)[2] === String(port));
  if (!line) return null;
  const [version, name] = line.split(/\s+/);
  return { version, name };
}

async function ensurePostgres() {
  const error = await postgresAnswers().then(
    () => null,
    (e) => e,
  );
  if (!error) {
    say(`Postgres answers at ${pgUrl}`);
    return;
  }
  if (!unreachable(error)) throw refused(error);
  const { hostname, port: p } = new URL(pgUrl);
  const port = Number(p || 5432);
  if (!LOCAL_HOSTS.has(hostname)) throw new Problem(`no Postgres answers at ${pgUrl}`);
  const cluster = debianClusterOn(port);
  let started = { pid: null, log: null };
  if (cluster) {
    say(
      `starting the Debian PostgreSQL cluster ${cluster.version}/${cluster.name} on port ${port}`,
    );
    const run = spawnSync(
      'pg_ctlcluster',
      ['--skip-systemctl-redirect', cluster.version, cluster.name, 'start'],
      { stdio: 'inherit' },
    );
    if (run.status !== 0) throw new Problem('pg_ctlcluster could not start it');
  } else {
    const dataDir = path.join(infraDir, `postgres-${port}`);
    const user = decodeURIComponent(new URL(pgUrl).username) || 'postgres';
    const helper = path.join(root, 'scripts', 'embedded-postgres.mjs');
    started = daemon(`postgres-${port}`, process.execPath, [helper, dataDir, String(port), user]);
    say(`no Postgres on port ${port}: starting an embedded one (pid ${started.pid})`);
  }
  await until('Postgres', () => {
    if (started.pid && !alive(started.pid)) {
      return Promise.reject(new Problem(`the embedded Postgres exited; see ${started.log}`));
    }
    return postgresAnswers().catch((e) => {
      if (!unreachable(e) && !/starting up/.test(e.message)) throw refused(e);
      throw e;
    });
  });
  say(
    started.pid
      ? `embedded Postgres answers at ${pgUrl} (log ${started.log}; stop: kill ${started.pid})`
      : `Postgres answers at ${pgUrl}`,
  );
}

const results = await Promise.allSettled([ensureNats(), ensurePostgres()]);
const problems = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
for (const problem of problems) {
  console.error(`ensure-infra: ${problem instanceof Problem ? problem.message : problem.stack}`);
}
process.exit(problems.length > 0 ? 1 : 0);
