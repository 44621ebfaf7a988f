#!/usr/bin/env node
// Time to ready of each service against a healthy NATS and Postgres:
//   pnpm build && node scripts/measure-startup.mjs [runs]
// For each service (one at a time, `runs` times, default 3) it prints the
// milliseconds from spawn until the HTTP port answers (/healthz: module
// loading done) and until /readyz answers 200 (connected, streams and
// consumers in place, migrations run, read models loaded), the median of the
// runs, and the machine's load average (figures on a loaded machine are not
// the service's own). Uses NATS_URL (default nats://127.0.0.1:4222) and a
// fresh database on HERALD_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432)
// and a fresh NATS namespace, both removed at the end.
// It also prints the CPU time the process used until ready (user + system,
// from /proc): unlike wall time, that figure hardly moves with the machine's load.
// Memory (ADR 0093): HERALD_MEASURE_IDLE_MS after ready (default 10 s) each
// run reads the resident set (/proc) and the live heap after a full collection;
// the medians are printed. HERALD_BUNDLE=off starts the services from the
// unbundled `dist/main.js` instead of their bundle, for comparison.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import pg from 'pg';
import { serviceEntry, serviceNodeFlags, serviceProcessEnv } from '@herald/heap-budget';
import { dropNamespace } from '@herald/testing';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 3);
const idleMs = Number(process.env.HERALD_MEASURE_IDLE_MS ?? 10_000);
// Preloaded: on SIGUSR2, a full collection, then the live heap on stderr.
const HEAP_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    "process.on('SIGUSR2', () => { globalThis.gc(); globalThis.gc(); " +
      'process.stderr.write(`heap-after-gc ${process.memoryUsage().heapUsed}\\n`); });',
  );
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const pgUrl = process.env.HERALD_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const services = {
  registry: 'HERALD_REGISTRY_PORT',
  ingest: 'HERALD_INGEST_PORT',
  dispatcher: 'HERALD_DISPATCHER_PORT',
  'health-monitor': 'HERALD_HEALTH_MONITOR_PORT',
  alerting: 'HERALD_ALERTING_PORT',
};

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitFor(url, ok, child, deadline) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the service exited`);
    if (Date.now() > deadline) throw new Error(`${url}: no answer in time`);
    try {
      if (ok((await fetch(url)).status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function measure(name, env) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...serviceNodeFlags(root, name, { ...process.env, ...env }),
      '--expose-gc',
      `--import=${HEAP_PROBE}`,
      serviceEntry(root, name),
    ],
    {
      env: serviceProcessEnv({
        ...process.env,
        ...env,
        HERALD_HOST: '127.0.0.1',
        [services[name]]: String(port),
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const errors = [];
  child.stderr.on('data', (chunk) => errors.push(chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/healthz`, (s) => s === 200, child, deadline);
    const listening = performance.now() - started;
    await waitFor(`${base}/readyz`, (s) => s === 200, child, deadline);
    const ready = performance.now() - started;
    const cpu = cpuMs(child.pid);
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const rss = rssMb(child.pid);
    child.kill('SIGUSR2');
    const heap = await heapAfterGc(errors);
    return { listening, ready, cpu, rss, heap };
  } catch (error) {
    throw new Error(`${name}: ${error.message}\n${Buffer.concat(errors).toString().slice(-2000)}`, {
      cause: error,
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** User + system CPU milliseconds of a process so far (Linux; 100 clock ticks a second). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Resident set of a process in MB (VmRSS). */
function rssMb(pid) {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The live heap (MB) the preloaded probe reports on stderr. */
async function heapAfterGc(errors) {
  for (let i = 0; i < 500; i += 1) {
    const match = /heap-after-gc (\d+)/.exec(Buffer.concat(errors).toString());
    if (match) return Number(match[1]) / 1024 / 1024;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return NaN;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dbName = `herald_startup_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: `${pgUrl}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);
const env = {
  NATS_URL: natsUrl,
  DATABASE_URL: `${pgUrl}/${dbName}`,
  HERALD_NAMESPACE: `startup${randomBytes(4).toString('hex')}`,
  HERALD_ADMIN_TOKEN: 'startup-measure-admin-token-0123456789',
  HERALD_SECRETS_KEY: `k1:${randomBytes(32).toString('base64')}`,
  LOG_LEVEL: 'warn',
};
try {
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `entry: ${process.env.HERALD_BUNDLE === 'off' ? 'dist/main.js' : 'bundle/main.js'}; ` +
      `memory ${idleMs / 1000} s after ready`,
  );
  console.log(
    'service          port open (ms)   ready (ms)   CPU to ready (ms)   RSS (MB)   heap after GC (MB)   [ready, runs]',
  );
  for (const name of Object.keys(services)) {
    const results = [];
    // The first run of a service also creates its schema, streams and buckets.
    for (let run = 0; run < runs; run += 1) results.push(await measure(name, env));
    const listening = median(results.map((r) => r.listening));
    const ready = median(results.map((r) => r.ready));
    const cpu = median(results.map((r) => r.cpu));
    const rss = median(results.map((r) => r.rss));
    const heap = median(results.map((r) => r.heap));
    const all = results.map((r) => Math.round(r.ready)).join(', ');
    console.log(
      `${name.padEnd(16)} ${String(Math.round(listening)).padStart(14)} ${String(Math.round(ready)).padStart(12)} ${String(Math.round(cpu)).padStart(19)} ${rss.toFixed(1).padStart(10)} ${heap.toFixed(1).padStart(20)}   [${all}]`,
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
} finally {
  // The run's streams and buckets go with its database.
  await dropNamespace(natsUrl, env.HERALD_NAMESPACE).catch((error) =>
    console.error(`could not remove NATS namespace ${env.HERALD_NAMESPACE}: ${error.message}`),
  );
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
