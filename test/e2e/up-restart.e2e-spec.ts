import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase,
  dropNamespace,
  freePort,
  PORT_VARS,
  pollUntil,
  SERVICE_NAMES,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';

/**
 * `npm start` (scripts/up.ts) without an admin token generates one for the
 * checkout (kept in its state directory, readable by its owner only,
 * printed) and binds 127.0.0.1; and it keeps the platform up when one service dies:
 * SIGKILL of the alerting process started by it → it says it restarts it,
 * starts a new alerting process that answers /readyz, and the other four
 * never stopped (same pids, still healthy).
 */
const root = path.resolve(import.meta.dirname, '../..');
/** What npm start runs: the five services and the gateway in front of them. */
const APPS = [...SERVICE_NAMES, 'gateway'] as const;

describe('npm start restarts a service that dies', () => {
  const namespace = uniqueNamespace('up');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'herald-up-'));
  const ports: Record<string, number> = {};
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let up: ChildProcess;
  let output = '';

  /** Pid of each service process up.ts started, from its children file (newest last). */
  const servicePids = () => {
    const lines = readFileSync(path.join(stateDir, 'children'), 'utf8').split('\n');
    const pids: Record<string, number> = {};
    for (const line of lines) {
      // Services start from their bundle, the gateway from dist (serviceEntry).
      const match = /^(\d+) .*apps\/([a-z-]+)\/(?:bundle|dist)\/main\.js$/.exec(line);
      if (match) pids[match[2]!] = Number(match[1]);
    }
    return pids;
  };
  const ready = async (service: string) =>
    (await fetch(`http://127.0.0.1:${ports[service]}/readyz`).catch(() => null))?.ok === true;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const name of APPS) ports[name] = await freePort();
    // No admin token and no bind address: npm start's own defaults are under test.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NATS_URL: TEST_NATS_URL,
      DATABASE_URL: db.url,
      HERALD_NAMESPACE: namespace,
      HERALD_STATE_DIR: stateDir,
      ...Object.fromEntries(APPS.map((n) => [PORT_VARS[n], String(ports[n])])),
    };
    delete env.HERALD_ADMIN_TOKEN;
    delete env.HERALD_HOST;
    up = spawn(process.execPath, [path.join(root, 'scripts/up.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    up.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    up.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // The ready banner arrives one line per write: wait for its last line,
    // so the assertions below read the whole of it (the admin token included).
    await pollUntil(() => output.includes('stop with Ctrl-C here'), {
      timeoutMs: 150_000,
      intervalMs: 200,
      what: `npm start to be ready; output so far:\n${output}`,
    });
  }, 180_000);

  afterAll(async () => {
    if (up.exitCode === null) {
      up.kill('SIGTERM');
      await new Promise((resolve) => up.once('exit', resolve));
    }
    await db?.drop();
    await dropNamespace(TEST_NATS_URL, namespace);
    rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it('generates a random admin token for the checkout, keeps it private, prints it, and binds loopback', async () => {
    const file = path.join(stateDir, 'admin-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(output).toContain(`admin     token ${token}`);
    const tenants = (bearer: string) =>
      fetch(`http://127.0.0.1:${ports.registry}/v1/tenants`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
    expect((await tenants(token)).status).toBe(200);
    for (const known of ['change-me-admin-token', 'up-restart-admin-token']) {
      expect((await tenants(known)).status).toBe(401);
    }
    // Every service and the gateway answer on 127.0.0.1, the default bind address, and only there.
    for (const name of APPS) expect(output).toContain(`http://127.0.0.1:${ports[name]}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
    if (external) {
      const answered = await fetch(`http://${external}:${ports.registry}/healthz`).then(
        () => true,
        () => false,
      );
      expect({ external, answered }).toEqual({ external, answered: false });
    }
  });

  it('starts every process with the shared flags, its derived heap limit and two malloc arenas', () => {
    const pids = servicePids();
    const shared = readFileSync(path.join(root, 'deploy', 'node-flags'), 'utf8')
      .trim()
      .split(/\s+/);
    // The young generation is scavenged on the main thread (ADR 0105).
    expect(shared).toContain('--no-parallel-scavenge');
    for (const name of APPS) {
      const pid = pids[name]!;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect({ name, heap: args.some((arg) => /^--max-old-space-size=\d+$/.test(arg)) }).toEqual({
        name,
        heap: true,
      });
      expect({ name, missing: shared.filter((flag) => !args.includes(flag)) }).toEqual({
        name,
        missing: [],
      });
      expect({ name, arenas: environ.filter((v) => v.startsWith('MALLOC_ARENA_MAX=')) }).toEqual({
        name,
        arenas: ['MALLOC_ARENA_MAX=2'],
      });
    }
  });

  it('restarts the killed alerting process with backoff, and says so; the others keep running', async () => {
    const before = servicePids();
    expect(Object.keys(before).sort()).toEqual([...APPS].sort());
    process.kill(before.alerting!, 'SIGKILL');

    await pollUntil(() => output.includes('restarting alerting in 1 s'), {
      timeoutMs: 10_000,
      what: 'up.ts to say it restarts alerting',
    });
    const after = await pollUntil(
      async () => {
        const pids = servicePids();
        return pids.alerting !== before.alerting && (await ready('alerting')) ? pids : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: 'a new alerting process to be ready' },
    );
    expect(output).toMatch(/alerting exited \(SIGKILL\)/);
    expect(output).toContain(`alerting restarted (pid ${after.alerting})`);
    expect(up.exitCode).toBeNull();
    for (const name of APPS.filter((n) => n !== 'alerting')) {
      expect({ name, pid: after[name] }).toEqual({ name, pid: before[name] });
      expect({ name, ready: await ready(name) }).toEqual({ name, ready: true });
    }
  }, 90_000);
});
