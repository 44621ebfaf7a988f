/**
 * Each service's V8 heap limit, derived from the byte budgets that bound what
 * it holds (ADR 0089). The limit is a consequence of the budgets, not a knob of
 * its own: raising a budget raises the limit, so a service never runs out of
 * heap because of the limit while it stays inside its budgets; lowering a
 * budget lowers it, so the process stays small. `HERALD_HEAP_LIMIT_MB` replaces
 * the derived figure when an operator knows better.
 *
 * No dependencies: the launcher (`deploy/node-flags.mjs`) imports this module
 * before the service's own modules exist in the process, and services log the
 * same derivation at start.
 */

export const HEAP_SERVICES = [
  'registry',
  'ingest',
  'dispatcher',
  'health-monitor',
  'alerting',
  'gateway',
] as const;
export type HeapService = (typeof HEAP_SERVICES)[number];

const MiB = 1024 * 1024;
const KiB = 1024;

/**
 * Defaults of the budgets the derivation reads, shared with the services'
 * config schemas so that the two cannot drift apart.
 */
export const BUDGET_DEFAULTS = {
  /** Payload bytes one dispatcher replica holds, queued and in flight. */
  HERALD_DISPATCH_MAX_BYTES: 12 * MiB,
  /** Payload bytes one tenant holds in one dispatcher replica. */
  HERALD_TENANT_MAX_BYTES: 3 * MiB,
  /** Requests one dispatcher replica has in flight at once. */
  HERALD_DISPATCH_MAX_IN_FLIGHT: 1_000,
  /** Tasks one dispatcher replica holds waiting to start. */
  HERALD_DISPATCH_QUEUE_LIMIT: 2_000,
  /** Message bytes one consumer of ingest or the dispatcher processes at once. */
  HERALD_CONSUMER_MAX_BYTES: 2 * MiB,
  /** Bytes of delivery tasks one ingest replica holds serialised, waiting for their publish. */
  HERALD_FANOUT_MAX_BYTES: 1 * MiB,
  /**
   * Endpoints the read models are sized for. Every ingest and dispatcher
   * replica holds every endpoint, so this is the installation's endpoint
   * count, not a replica's share: sized for 10,000 (at 1,000, ingest ran out
   * of heap once a bench created 10,000).
   */
  HERALD_HEAP_ENDPOINTS: 10_000,
} as const;

/**
 * Heap in use right after start, after a full collection (Node 24 with the
 * shared flags of `deploy/node-flags`, no source maps): the module graph
 * (NestJS, TypeORM, the NATS client, zod schemas, prom-client), compiled
 * bytecode and the services' fixed structures. Measured, rounded up.
 */
export const STARTUP_HEAP_MB: Record<HeapService, number> = {
  registry: 48,
  ingest: 45,
  dispatcher: 45,
  'health-monitor': 44,
  alerting: 45,
  gateway: 40,
};

/**
 * Heap one endpoint costs in a service's read model (the endpoint and its
 * subscriptions, filters, headers, rate and breaker state); the registry also
 * holds the tenants' compiled schemas and API views. Estimates, generous
 * rather than tight: the registry's RSS grew by about 35 MB with 1,000
 * endpoints in a full bench run, garbage included.
 */
export const READ_MODEL_BYTES_PER_ENDPOINT: Record<HeapService, number> = {
  registry: 6 * KiB,
  ingest: 3 * KiB,
  // The endpoint's view (0.5–0.9 KB) and its circuit breaker (5.2 KB with
  // its entry, Node 24, ADR 0092; 7.7 KB before, when this was 8 KiB): a
  // dispatcher holding 10,000 endpoints, each with deliveries, had ~147 MB
  // live then (it ran out of a heap sized with 4 KiB here). An endpoint idle
  // for a breaker window drops its breaker, but every endpoint may be
  // delivered to within one window, so the limit still counts one each.
  dispatcher: 7 * KiB,
  'health-monitor': 2 * KiB,
  alerting: 1 * KiB,
  gateway: 0,
};

/**
 * The live set may reach this share of the old generation at most: V8 needs
 * room above the live set to collect without thrashing (a major collection
 * near the limit frees too little to be worth its pause), and the read
 * models and module graph are estimates.
 */
export const LIVE_SHARE = 0.75;
/**
 * Each service's young-generation semi-space, MB (ADR 0113). Small, so RSS
 * stays low, except where the work of a delivery outlives a small one: the
 * dispatcher's tasks wait for their endpoints and ingest's events for their
 * group commit, so with 2 MB most of what they allocate per delivery was
 * copied by a scavenge, often twice, and promoted. Larger there, the same
 * work costs its service less CPU for some MB of RSS at its peaks.
 */
export const SEMI_SPACE_MB: Record<HeapService, number> = {
  registry: 2,
  ingest: 4,
  dispatcher: 8,
  'health-monitor': 2,
  alerting: 2,
  gateway: 2,
};
/** The heap limit is rounded up to this step. */
const STEP_MB = 8;

export interface HeapTerm {
  /** What holds the memory. */
  what: string;
  /** Bytes at most, from the budget named in `what`. */
  bytes: number;
}

export interface HeapPlan {
  service: HeapService;
  /** `--max-old-space-size`, MB. */
  oldSpaceMb: number;
  /** `--max-semi-space-size`, MB. */
  semiSpaceMb: number;
  /** The live set the budgets allow, bytes (the sum of `terms`). */
  liveBytes: number;
  terms: HeapTerm[];
  /** Set when `HERALD_HEAP_LIMIT_MB` replaced the derived limit. */
  overridden: boolean;
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: keyof typeof BUDGET_DEFAULTS): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return BUDGET_DEFAULTS[name];
  const value = Number(raw);
  // An invalid value is the config schema's to report, at start; derive from the default.
  return Number.isInteger(value) && value > 0 ? value : BUDGET_DEFAULTS[name];
}

/** Heap one dispatcher request in flight holds besides its payload (estimate). */
const REQUEST_OVERHEAD = 32 * KiB;
/** Heap one queued dispatcher task holds besides its payload (estimate). */
const QUEUED_TASK_OVERHEAD = 2 * KiB;

/** What each service holds beyond its start-up heap, from its budgets. */
function workingTerms(service: HeapService, env: Env): HeapTerm[] {
  const consumer = positiveInt(env, 'HERALD_CONSUMER_MAX_BYTES');
  switch (service) {
    case 'dispatcher':
      return [
        {
          // A held payload is on the heap as the task's string and, while its
          // request is sent, once more as the signed body.
          what: '2 × HERALD_DISPATCH_MAX_BYTES (payloads queued and in flight, and their request bodies)',
          bytes: 2 * positiveInt(env, 'HERALD_DISPATCH_MAX_BYTES'),
        },
        {
          // A request in flight beyond its body: undici's request and its
          // connection, the attempt's promise chain, deadline and trace.
          what: `HERALD_DISPATCH_MAX_IN_FLIGHT × ${REQUEST_OVERHEAD / KiB} KiB (requests in flight)`,
          bytes: positiveInt(env, 'HERALD_DISPATCH_MAX_IN_FLIGHT') * REQUEST_OVERHEAD,
        },
        {
          // A queued task beyond its payload: the task object and its closure.
          what: `HERALD_DISPATCH_QUEUE_LIMIT × ${QUEUED_TASK_OVERHEAD / KiB} KiB (tasks waiting to start)`,
          bytes: positiveInt(env, 'HERALD_DISPATCH_QUEUE_LIMIT') * QUEUED_TASK_OVERHEAD,
        },
        {
          // Tasks in admission: decoded (the task object and its payload string).
          what: '2 × HERALD_CONSUMER_MAX_BYTES (tasks holding consumer slots, decoded)',
          bytes: 2 * consumer,
        },
      ];
    case 'ingest':
      return [
        {
          // An event in processing: its decoded payload, the stored copy's
          // parameters and the tasks serialised from it.
          what: '3 × HERALD_CONSUMER_MAX_BYTES (events in processing: decoded, stored, fanned out)',
          bytes: 3 * consumer,
        },
        {
          // Tasks serialised and waiting for their publish, then the batch
          // being encoded (ADR 0104).
          what: '2 × HERALD_FANOUT_MAX_BYTES (delivery tasks serialised, waiting and encoded)',
          bytes: 2 * positiveInt(env, 'HERALD_FANOUT_MAX_BYTES'),
        },
      ];
    case 'health-monitor':
      return [{ what: 'attempt batches and health state', bytes: 8 * MiB }];
    case 'registry':
      return [{ what: 'API requests and schema compilation', bytes: 4 * MiB }];
    case 'alerting':
      return [{ what: 'alerts being sent and suppression state', bytes: 2 * MiB }];
    case 'gateway':
      return [{ what: 'proxied requests', bytes: 4 * MiB }];
  }
}

export function isHeapService(name: string): name is HeapService {
  return (HEAP_SERVICES as readonly string[]).includes(name);
}

/** The heap limit of one service under an environment (its defaults where unset). */
export function heapPlan(service: HeapService, env: Env = process.env): HeapPlan {
  const endpoints = positiveInt(env, 'HERALD_HEAP_ENDPOINTS');
  const terms: HeapTerm[] = [
    { what: 'start-up heap (module graph, bytecode)', bytes: STARTUP_HEAP_MB[service] * MiB },
    ...(READ_MODEL_BYTES_PER_ENDPOINT[service] > 0
      ? [
          {
            what: `read models for HERALD_HEAP_ENDPOINTS=${endpoints} endpoints`,
            bytes: endpoints * READ_MODEL_BYTES_PER_ENDPOINT[service],
          },
        ]
      : []),
    ...workingTerms(service, env),
  ];
  const liveBytes = terms.reduce((sum, term) => sum + term.bytes, 0);
  const derived = Math.ceil(liveBytes / LIVE_SHARE / MiB / STEP_MB) * STEP_MB;
  const override = Number(env.HERALD_HEAP_LIMIT_MB);
  const overridden = Number.isInteger(override) && override > 0;
  return {
    service,
    oldSpaceMb: overridden ? override : derived,
    semiSpaceMb: SEMI_SPACE_MB[service],
    liveBytes,
    terms,
    overridden,
  };
}

/** The V8 flags of a plan. */
export function heapFlags(plan: HeapPlan): string[] {
  return [`--max-old-space-size=${plan.oldSpaceMb}`, `--max-semi-space-size=${plan.semiSpaceMb}`];
}

const mb = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MB`;

/** One line: the limit and where it comes from, for the start-up log and the launcher. */
export function describeHeapPlan(plan: HeapPlan): string {
  const live = `live set at most ${mb(plan.liveBytes)} = ${plan.terms
    .map((term) => `${mb(term.bytes)} ${term.what}`)
    .join(' + ')}`;
  const from = plan.overridden
    ? `set by HERALD_HEAP_LIMIT_MB (the budgets: ${live})`
    : `${live}; ÷ ${LIVE_SHARE}, rounded up to ${STEP_MB} MB`;
  return `${plan.service} heap limit ${plan.oldSpaceMb} MB old space, ${plan.semiSpaceMb} MB semi-space: ${from}`;
}
