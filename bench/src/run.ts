import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { dropNamespace } from '@herald/testing';
import { BaselineClient, RelayClient } from './baseline/baseline-client.js';
import { BASELINE_IN_FLIGHT } from './baseline/naming.js';
import { Interrupted, type BenchContext } from './context.js';
import { HeraldApi } from './herald/herald-api.js';
import { HeraldServices } from './herald/services.js';
import { createBenchDatabase, dropDatabase, postgresVersion } from './infra/database.js';
import {
  catalogVersions,
  gitInfo,
  heraldVersion,
  loadAverageNow,
  machineInfo,
} from './infra/machine.js';
import { readStatementCapture, startStatementCapture } from './infra/pg-stat-statements.js';
import { CpuWatch, IoCallWatch, MemoryWatch, readMemory } from './infra/proc.js';
import { Cleanup } from './lifecycle/cleanup.js';
import { monotonicMs } from './lifecycle/clock.js';
import { abandoned, claim } from './lifecycle/stale-runs.js';
import type { ScenarioId, BenchOptions } from './options.js';
import { ReceiverClient } from './receiver/receiver-client.js';
import { profilesMarkdown, summariseDirectory, type ProfileSummary } from './report/cpu-profile.js';
import { NOTE, type BenchRun } from './report/render.js';
import type { ScenarioResult } from './report/results.js';
import { alertsScenario } from './scenarios/alerts.js';
import { endpoints10kScenario } from './scenarios/endpoints-10k.js';
import { fanOutScenario } from './scenarios/fan-out.js';
import { isolationScenario } from './scenarios/isolation.js';
import { scaleScenario } from './scenarios/scale.js';
import { latencyScenario } from './scenarios/latency.js';
import { memoryResult } from './scenarios/memory.js';
import {
  largePayloadScenario,
  setUpTenEndpoints,
  throughputScenario,
} from './scenarios/throughput.js';

/**
 * One bench run: a fresh database and namespace, the receiver, the baseline
 * and Herald's five services, then each scenario in turn, then the report.
 * Everything created is registered with `Cleanup` as soon as it exists, so
 * it is removed on success, error and Ctrl-C alike.
 */
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

const TITLES: Record<ScenarioId, string> = {
  throughput: 'Sustained throughput (10 endpoints, 1 KiB)',
  'payload-10k': 'Sustained throughput with 10 KiB events (10 endpoints)',
  latency: 'Publish → receipt latency at fixed rates',
  'fan-out': 'Fan-out: one event to many endpoints',
  alerts: 'Alert latency (final failure → alert received)',
  isolation: 'Isolation: 10 of 20 endpoints hang',
  scale: 'Scale-out: replicas with the same CPU quota each',
  'endpoints-10k': 'Many endpoints: read-model memory and fan-out at 10,000 endpoints',
};

export async function runBench(
  root: string,
  options: BenchOptions,
  cleanup: Cleanup,
  ctxStop: { stopped: boolean },
): Promise<{ run: BenchRun; jsonPath: string }> {
  const began = monotonicMs();
  const startedAt = new Date();
  const suffix = randomBytes(3).toString('hex');
  const run = `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${suffix}`;
  const namespace = `bench${suffix}`;
  const log = (line: string) =>
    console.error(`[${((monotonicMs() - began) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const logDir = path.join(root, '.herald', 'bench', run);
  const profileDir = options.cpuProfile ? path.join(root, 'bench', 'profiles', run) : null;
  mkdirSync(logDir, { recursive: true });
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const natsProfileDir = options.natsProfile
    ? path.join(root, 'bench', 'profiles', run, 'nats')
    : null;
  if (natsProfileDir) mkdirSync(natsProfileDir, { recursive: true });
  const machine = machineInfo();
  log(
    `run ${run} (${options.mode}); namespace ${namespace}; service logs in ${path.relative(root, logDir)}`,
  );

  for (const { owner, release } of abandoned(path.dirname(logDir))) {
    log(
      `removing what an interrupted run left: database ${owner.database}, namespace ${owner.namespace}`,
    );
    await dropNamespace(NATS_URL, owner.namespace);
    await dropDatabase(PG_URL, owner.database);
    release();
  }
  const database = `herald_bench_${suffix}`;
  cleanup.add('release the run', claim(logDir, { pid: process.pid, database, namespace }));

  const nc = await connect({ servers: NATS_URL.split(','), name: 'bench' });
  cleanup.add('close the bench NATS connection', () => nc.close());
  const natsServer = nc.info?.version ?? 'unknown';
  cleanup.add(`drop namespace ${namespace}`, () => dropNamespace(NATS_URL, namespace));
  const db = await createBenchDatabase(PG_URL, database);
  cleanup.add(`drop database ${db.name}`, () => db.drop());
  const postgres = await postgresVersion(db);

  const alertToken = randomBytes(16).toString('hex');
  const adminToken = randomBytes(16).toString('hex');
  const receiver = await ReceiverClient.start({ alertToken, logDir });
  cleanup.add('stop the receiver', () => receiver.stop());
  const baseline = await BaselineClient.start({
    natsUrl: NATS_URL,
    namespace,
    logDir,
    cpuProfileDir: profileDir,
  });
  cleanup.add('stop the baseline', () => baseline.stop());
  // The durable relay around the baseline: its attempt log first, so the stream exists.
  const relay = {} as Record<'store' | 'log', RelayClient>;
  for (const role of ['log', 'store'] as const) {
    relay[role] = await RelayClient.start({
      natsUrl: NATS_URL,
      namespace,
      logDir,
      cpuProfileDir: profileDir,
      databaseUrl: db.url,
      role,
    });
    cleanup.add(`stop the durable relay's ${role} process`, () => relay[role].stop());
  }

  const serviceEnv = {
    NATS_URL,
    DATABASE_URL: db.url,
    HERALD_NAMESPACE: namespace,
    HERALD_ADMIN_TOKEN: adminToken,
    HERALD_SECRETS_KEY: `bench:${randomBytes(32).toString('base64')}`,
    HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
    // The bench measures Herald's capacity, not its per-tenant limits.
    HERALD_RATE_LIMIT_INGEST: 'off',
    HERALD_RATE_LIMIT_API: 'off',
    // The fan-out scenario subscribes 1,000 endpoints in one tenant (default quota: 500).
    HERALD_QUOTA_ENDPOINTS: '10000',
    HERALD_RETRY_SCHEDULE: '100ms',
    HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
    HERALD_ALERT_TOKEN: alertToken,
    // The alerts scenario counts one alert per exhausted delivery: no suppression window.
    HERALD_ALERT_SUPPRESSION_WINDOW: '0',
    LOG_LEVEL: 'warn',
  };
  const services = new HeraldServices({ root, env: serviceEnv, logDir, cpuProfileDir: profileDir });
  const stopServices = cleanup.add('stop the Herald services', () => services.stop());
  log('starting the five Herald services…');
  await services.start();
  log('services ready');
  const pgStatsError = options.pgStats ? await startStatementCapture(db) : null;

  const memory = new MemoryWatch();
  const cpu = new CpuWatch();
  const ioCalls = new IoCallWatch();
  for (const [name, pid] of Object.entries(services.pids())) {
    memory.watch(name, pid);
    cpu.watch(name, pid);
    ioCalls.watch(name, pid);
  }
  for (const [name, pid] of [
    ['baseline', baseline.pid],
    ['relay-store', relay.store.pid],
    ['relay-log', relay.log.pid],
    ['receiver', receiver.pid],
    ['bench', process.pid],
  ] as const) {
    memory.watch(name, pid);
    cpu.watch(name, pid);
    ioCalls.watch(name, pid);
  }
  cleanup.add('stop memory sampling', () => memory.stop());
  cleanup.add('stop CPU sampling', () => cpu.stop());
  cleanup.add('stop system-call sampling', () => ioCalls.stop());
  const idleMemory = Object.fromEntries(
    Object.entries(services.pids()).map(([name, pid]) => [name, readMemory(pid)?.rssMb ?? null]),
  );

  const ctx: BenchContext = {
    options,
    namespace,
    js: jetstream(nc),
    receiver,
    baseline,
    herald: {
      services,
      api: new HeraldApi(
        {
          registry: services.url('registry'),
          ingest: services.url('ingest'),
          healthMonitor: services.url('health-monitor'),
        },
        adminToken,
      ),
      db,
    },
    cpu,
    ioCalls,
    natsProfileDir,
    stop: ctxStop,
    log,
  };

  const scenarios: ScenarioResult[] = [];
  const scenariosBegan = monotonicMs();
  const attempt = async (id: ScenarioId, work: () => Promise<ScenarioResult>) => {
    if (!options.scenarios.includes(id) || ctxStop.stopped) return;
    log(`${TITLES[id]}…`);
    memory.enter(id);
    try {
      scenarios.push(await work());
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      const message = (error as Error).message;
      log(`${id} failed: ${message}`);
      scenarios.push({
        id,
        title: TITLES[id],
        correct: false,
        problems: [],
        figures: [],
        details: {},
        error: message,
      });
    }
  };
  let steady: Awaited<ReturnType<typeof setUpTenEndpoints>> | null = null;
  const ensureSteady = async () => (steady ??= await setUpTenEndpoints(ctx));
  await attempt('throughput', async () => throughputScenario(ctx, await ensureSteady()));
  await attempt('payload-10k', async () => largePayloadScenario(ctx, await ensureSteady()));
  await attempt('latency', async () => latencyScenario(ctx, await ensureSteady()));
  await attempt('fan-out', () => fanOutScenario(ctx));
  await attempt('alerts', () => alertsScenario(ctx));
  await attempt('isolation', () => isolationScenario(ctx));
  // After the scenarios that read the health-monitor's API: it restarts it (on a new port).
  await attempt('scale', async () => scaleScenario(ctx, await ensureSteady()));
  // After every other scenario: its endpoints stay, and would weigh on the
  // start-up of the replicas the scale scenario starts.
  await attempt('endpoints-10k', () => endpoints10kScenario(ctx));
  const scenariosEnded = monotonicMs();
  scenarios.push(memoryResult(memory.result(), idleMemory, memory.bySegment));
  const pgStatStatements = options.pgStats
    ? await readStatementCapture(db, pgStatsError)
    : undefined;

  log('stopping services…');
  await stopServices();
  let cpuProfiles: ProfileSummary[] | undefined;
  if (profileDir) {
    await baseline.stop();
    cpuProfiles = summariseDirectory(profileDir, { fromMs: scenariosBegan, toMs: scenariosEnded });
    writeFileSync(path.join(profileDir, 'summary.md'), profilesMarkdown(cpuProfiles));
    log(`CPU profiles and summary in ${path.relative(root, profileDir)}`);
  }
  await cleanup.runAll();

  const correct = scenarios.every((s) => s.correct && !s.error);
  const record: BenchRun = {
    run,
    mode: options.mode,
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((monotonicMs() - began) / 1000),
    correct,
    targetsMet: correct && scenarios.every((s) => s.figures.every((f) => f.pass !== false)),
    interrupted: false,
    machine: { ...machine, loadAverage: { ...machine.loadAverage, atEnd: loadAverageNow() } },
    versions: {
      node: process.version,
      natsServer,
      postgres,
      herald: heraldVersion(root),
      packages: catalogVersions(root),
    },
    git: gitInfo(root),
    settings: {
      durations: options.durations,
      baselineInFlight: BASELINE_IN_FLIGHT,
      serviceEnv: {
        ...serviceEnv,
        HERALD_ADMIN_TOKEN: '[redacted]',
        HERALD_ALERT_TOKEN: '[redacted]',
      },
      payloadBytes: 1024,
    },
    scenarios,
    ...(pgStatStatements ? { pgStatStatements } : {}),
    ...(cpuProfiles ? { cpuProfiles } : {}),
    note: NOTE,
  };
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const jsonPath = path.join(resultsDir, `${run}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(record, null, 2)}\n`);
  return { run: record, jsonPath };
}
