import { parseArgs } from 'node:util';

/**
 * `pnpm bench [--quick] [--cpu-prof] [--pg-stats] [--nats-prof URL] [--only a,b] [--scale-cpus N] [--strict]`.
 * Durations differ between the quick run (a smoke test of the harness and a
 * rough picture, < 1 min) and the full run (the figures the targets are
 * judged on, < 10 min).
 */
export const SCENARIOS = [
  'throughput',
  'payload-10k',
  'latency',
  'fan-out',
  'alerts',
  'isolation',
  'scale',
  'endpoints-10k',
] as const;
export type ScenarioId = (typeof SCENARIOS)[number];
/** Run when `--only` is not given: `scale` restarts services and wants root, so it is asked for. */
export const DEFAULT_SCENARIOS: ScenarioId[] = SCENARIOS.filter((s) => s !== 'scale');

export interface Durations {
  throughput: {
    /** Counted rounds of every system, interleaved; `warmupMs` and `windowMs` are each round's. */
    rounds: number;
    /**
     * The warm-up of a first round of every system, run before the counted
     * ones with the same window, reported but not counted: each system's code
     * and heap are cold then. 0: no such round.
     */
    coldRoundWarmupMs: number;
    warmupMs: number;
    windowMs: number;
    maxOutstanding: number;
  };
  latency: {
    rates: number[];
    durationMs: number;
    warmupMs: number;
    /** Stop a phase early once this many seconds of events are published but undelivered. */
    maxBacklogSeconds: number;
  };
  fanOut: { endpoints: number; repetitions: number };
  alerts: { endpoints: number; events: number; ratePerSecond: number };
  isolation: { endpoints: number; warmupMs: number; windowMs: number; timeoutMs: number };
  scale: {
    /** CPU quota of each dispatcher and health-monitor replica, in CPUs. */
    cpus: number;
    warmupMs: number;
    windowMs: number;
    maxOutstanding: number;
    /** Attempt records per health-monitor instance drained, untimed, to warm each instance up. */
    hmWarmupAttempts: number;
    /** Attempt records published for the timed drain, once the instances are warm. */
    attemptBacklog: number;
    /** Longest time the health-monitor(s) are timed draining that backlog. */
    hmWindowMs: number;
  };
  endpoints10k: {
    tenants: number;
    endpointsPerTenant: number;
    /** Registry requests in flight while creating (going round the tenants). */
    requestsInFlight: number;
    /** Tenants that get one event at a time, each timed on its own. */
    sampleTenants: number;
  };
  drainDeadlineMs: number;
}

export interface BenchOptions {
  mode: 'quick' | 'full';
  cpuProfile: boolean;
  pgStats: boolean;
  /** nats-server's profiling address (`nats-server --profile <port>`), to profile it in the saturated phases. */
  natsProfile: string | null;
  strict: boolean;
  scenarios: ScenarioId[];
  durations: Durations;
}

const QUICK: Durations = {
  throughput: {
    rounds: 1,
    coldRoundWarmupMs: 0,
    warmupMs: 1_000,
    windowMs: 2_500,
    maxOutstanding: 300,
  },
  latency: { rates: [200, 1_000], durationMs: 1_500, warmupMs: 300, maxBacklogSeconds: 0.5 },
  fanOut: { endpoints: 250, repetitions: 2 },
  alerts: { endpoints: 10, events: 10, ratePerSecond: 20 },
  isolation: { endpoints: 20, warmupMs: 1_000, windowMs: 2_000, timeoutMs: 5_000 },
  scale: {
    cpus: 0.15,
    warmupMs: 2_000,
    windowMs: 4_000,
    maxOutstanding: 300,
    hmWarmupAttempts: 500,
    attemptBacklog: 2_000,
    hmWindowMs: 5_000,
  },
  endpoints10k: { tenants: 10, endpointsPerTenant: 100, requestsInFlight: 10, sampleTenants: 5 },
  drainDeadlineMs: 20_000,
};

const FULL: Durations = {
  throughput: {
    rounds: 3,
    coldRoundWarmupMs: 5_000,
    warmupMs: 3_000,
    windowMs: 10_000,
    maxOutstanding: 1_000,
  },
  latency: { rates: [200, 1_000], durationMs: 25_000, warmupMs: 2_000, maxBacklogSeconds: 5 },
  fanOut: { endpoints: 1_000, repetitions: 5 },
  alerts: { endpoints: 20, events: 100, ratePerSecond: 10 },
  isolation: { endpoints: 20, warmupMs: 5_000, windowMs: 20_000, timeoutMs: 5_000 },
  scale: {
    cpus: 0.15,
    // A replica started for the measurement is a cold process: at 0.15 CPU
    // its code takes seconds of wall time to be compiled and optimised.
    warmupMs: 12_000,
    windowMs: 15_000,
    maxOutstanding: 600,
    // Likewise a health-monitor: each instance first drains this many
    // attempts untimed, so that its code is optimised before it is timed.
    hmWarmupAttempts: 8_000,
    // At 0.15 CPU one health-monitor takes ~1 300–2 000 attempts/s: seconds of work for two.
    attemptBacklog: 30_000,
    hmWindowMs: 15_000,
  },
  endpoints10k: { tenants: 100, endpointsPerTenant: 100, requestsInFlight: 10, sampleTenants: 10 },
  drainDeadlineMs: 60_000,
};

export const USAGE = `usage: pnpm bench [options]

  --quick       short run (about a minute): checks the harness, gives a rough picture
                (fan-out to 250 endpoints instead of 1000, short windows,
                1,000 endpoints over 10 tenants instead of 10,000 over 100)
  --cpu-prof    write V8 CPU profiles of every service (and the baseline) to
                bench/profiles/<run>/, with a summary of where time went
  --pg-stats    report pg_stat_statements for the run's database, if the
                server preloads the extension (skipped with a note otherwise)
  --nats-prof URL  profile nats-server in the saturated phases through its
                profiling port (started with \`nats-server --profile <port>\`;
                e.g. http://127.0.0.1:6061): its CPU per delivery by function
                for each system, and the profiles in bench/profiles/<run>/nats/
  --only LIST   run only these scenarios (comma-separated): ${SCENARIOS.join(', ')}
                (default: all but scale, which restarts services and sets CPU quotas:
                cgroup v1 under /sys/fs/cgroup/cpu, as root; without it, no quota)
  --scale-cpus N  CPU quota of each dispatcher / health-monitor replica in the
                scale scenario (default 0.15)
  --strict      exit with status 2 when a target is missed (status 1 is always
                used for incorrect deliveries or a failed run)
  --help        this text
`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'pg-stats': { type: 'boolean', default: false },
      'nats-prof': { type: 'string' },
      strict: { type: 'boolean', default: false },
      only: { type: 'string' },
      'scale-cpus': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const scenarios = values.only
    ? values.only.split(',').map((s) => s.trim())
    : [...DEFAULT_SCENARIOS];
  for (const scenario of scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(scenario)) {
      throw new Error(`unknown scenario "${scenario}" (known: ${SCENARIOS.join(', ')})`);
    }
  }
  const natsProfile = values['nats-prof'] ?? null;
  if (natsProfile !== null && !URL.canParse(natsProfile)) {
    throw new Error(
      '--nats-prof: the profiling address of nats-server, e.g. http://127.0.0.1:6061',
    );
  }
  const durations = { ...(values.quick ? QUICK : FULL) };
  if (values['scale-cpus'] !== undefined) {
    const cpus = Number(values['scale-cpus']);
    if (!(cpus >= 0.01 && cpus <= 64)) throw new Error('--scale-cpus: a number of CPUs, e.g. 0.5');
    durations.scale = { ...durations.scale, cpus };
  }
  return {
    mode: values.quick ? 'quick' : 'full',
    cpuProfile: values['cpu-prof'],
    pgStats: values['pg-stats'],
    natsProfile,
    strict: values.strict,
    scenarios: scenarios as ScenarioId[],
    durations,
  };
}
