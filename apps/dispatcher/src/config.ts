import { z } from 'zod';
import { BUDGET_DEFAULTS } from '@herald/heap-budget';
import { secretsEnv, secretsKeyRequired } from '@herald/secrets-crypto';
import { DEFAULT_JITTER, DEFAULT_RETRY_SCHEDULE } from '@herald/resilience';
import { ssrfEnv } from '@herald/ssrf';
import { apiRateLimitEnv } from '@herald/tenant-limits';
import {
  checkNatsAuth,
  commonEnv,
  consumerMaxBytesVar,
  durationListVar,
  durationVar,
  loadConfig,
  optionalTextVar,
  portVar,
} from '@herald/config';
import { replayEnv } from './dead-letters/replay-env.js';

/**
 * The dispatcher's environment, validated once at start. Durations are
 * milliseconds after parsing; `HERALD_RETRY_SCHEDULE` is the list of delays
 * before attempt 2, 3, … (its length is the retry budget).
 */
export const dispatcherEnvSchema = z
  .object({
    ...commonEnv,
    ...replayEnv,
    /** Requests per API key on the dead-letter, replay and breaker routes, `<count>/<duration>` or `off`. */
    ...apiRateLimitEnv,
    HERALD_DISPATCHER_PORT: portVar(8082),
    /** The operators' token for `GET /v1/quarantine`; without it the route answers 401. */
    HERALD_ADMIN_TOKEN: optionalTextVar(),
    /** Per-request deadline (connect, headers and body) unless the endpoint sets its own. */
    HERALD_REQUEST_TIMEOUT: durationVar('15s'),
    HERALD_RETRY_SCHEDULE: durationListVar(DEFAULT_RETRY_SCHEDULE),
    /** Longest `Retry-After` (429, 503) honoured; longer requests wait this long. */
    HERALD_RETRY_AFTER_CAP: durationVar('1h'),
    /** Spread of each retry delay: 0.2 means ±20 %. */
    HERALD_RETRY_JITTER: z.coerce.number().min(0).max(1).default(DEFAULT_JITTER),
    /**
     * Delivery tasks one replica takes from JetStream at once for admission. A
     * task leaves its slot as soon as it waits in its endpoint's mailbox. The
     * tasks of batch messages take as many turns of their own (ADR 0095).
     */
    HERALD_DISPATCH_CONCURRENCY: z.coerce.number().int().positive().default(128),
    /** Task bytes in admission (holding consumer slots) at once, beside their count. */
    HERALD_CONSUMER_MAX_BYTES: consumerMaxBytesVar(),
    /** HTTP requests one replica has in flight at once, across endpoints. */
    HERALD_DISPATCH_MAX_IN_FLIGHT: z.coerce
      .number()
      .int()
      .positive()
      .default(BUDGET_DEFAULTS.HERALD_DISPATCH_MAX_IN_FLIGHT),
    /**
     * Upper bound of unacknowledged tasks across replicas, shared by every
     * tenant: queued and running tasks and short waits count here. Keep it well
     * above replicas × (tenant in-flight + queued share) × tenants backed up at once.
     */
    HERALD_DISPATCH_MAX_ACK_PENDING: z.coerce.number().int().positive().default(100_000),
    /** The SSRF guard (see `@herald/ssrf`); turning it off is logged as a warning. */
    ...ssrfEnv,
    /** Tasks waiting per endpoint in one replica; more are parked as backlog until there is room. */
    HERALD_ENDPOINT_MAILBOX: z.coerce.number().int().positive().default(500),
    /** Breakers exported with their own `herald_breaker_state` series (open first). */
    HERALD_METRICS_ENDPOINT_LIMIT: z.coerce.number().int().nonnegative().default(100),
    /**
     * Tasks waiting across endpoints in one replica above which a newly queued
     * task keeps its consumer slot until it starts: the consumer then stops
     * pulling (backpressure) instead of buffering the stream in memory — unless
     * its endpoint already has a backlog (see `DeliveriesHandler.deliver`).
     */
    HERALD_DISPATCH_QUEUE_LIMIT: z.coerce
      .number()
      .int()
      .positive()
      .default(BUDGET_DEFAULTS.HERALD_DISPATCH_QUEUE_LIMIT),
    /**
     * Payload bytes one replica holds in memory, queued and in flight: past it
     * no more requests start and the replica applies backpressure as at the
     * queue limit, so large payloads cannot exhaust the heap. The heap limit
     * is derived from it (ADR 0089): 16 MiB keeps the process near 150 MB.
     */
    HERALD_DISPATCH_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(BUDGET_DEFAULTS.HERALD_DISPATCH_MAX_BYTES),
    /** Requests in flight per endpoint and replica unless the endpoint sets its own. */
    HERALD_ENDPOINT_CONCURRENCY: z.coerce.number().int().positive().default(10),
    /**
     * A retry or a paused endpoint's task that must wait longer than this waits
     * in Postgres (the parking lot) instead of as an unacknowledged message.
     */
    HERALD_PARK_AFTER: durationVar('30s'),
    /**
     * A task deferred by an open breaker or a pause that must wait longer than
     * this is parked too: deferred tasks must not pin the consumer's shared
     * `max_ack_pending` while they wait.
     */
    HERALD_PARK_DEFERRED_AFTER: durationVar('2s'),
    /**
     * Requests in flight per tenant and replica. With the queue and byte caps
     * below, one tenant's backlog never takes a whole replica: another tenant
     * always finds room. A task beyond the queue or byte cap is parked until
     * its tenant has room again.
     */
    HERALD_TENANT_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(100),
    /**
     * Tasks waiting in endpoint mailboxes per tenant and replica: half the
     * replica's queue, so one event fanned out to 1,000 of a tenant's
     * endpoints waits in memory, not parked a poll away (with 100, a fan-out
     * to 1,000 endpoints took 5–6 s, four parking rounds). A tenant alone in
     * the replica may queue up to the replica's queue less half of this (ADR
     * 0103).
     */
    HERALD_TENANT_MAX_QUEUED: z.coerce.number().int().positive().default(1_000),
    /** Payload bytes held (queued and in flight) per tenant and replica: a quarter of the replica's. */
    HERALD_TENANT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(BUDGET_DEFAULTS.HERALD_TENANT_MAX_BYTES),
    /** How often each replica brings due parked tasks back to JetStream. */
    HERALD_PARK_POLL: durationVar('1s'),
    /** How long a disabled endpoint's messages are held before they become dead letters. */
    HERALD_DISABLED_HOLD: durationVar('72h'),
    /**
     * A task whose endpoint is unknown is retried for this long after this
     * dispatcher first saw it (the read model may lag), then becomes a dead
     * letter with reason `endpoint_unknown`.
     */
    HERALD_UNKNOWN_ENDPOINT_GRACE: durationVar('10s'),
    HERALD_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
    HERALD_BREAKER_VOLUME: z.coerce.number().int().positive().default(20),
    HERALD_BREAKER_WINDOW: durationVar('60s'),
    HERALD_BREAKER_RESET: durationVar('30s'),
    /** How often rejected-task counts (open breaker, pause) are reported to the health-monitor. */
    HERALD_REJECTION_REPORT_INTERVAL: durationVar('5s').refine((ms) => ms > 0, {
      message: 'must be longer than 0',
    }),
    /** Decrypts endpoint secrets and header values where a request is signed and sent. */
    ...secretsEnv,
  })
  .refine(secretsKeyRequired.check, secretsKeyRequired.params)
  .superRefine(checkNatsAuth);

export type DispatcherConfig = z.infer<typeof dispatcherEnvSchema>;
export const DISPATCHER_CONFIG = Symbol('DISPATCHER_CONFIG');

export const loadDispatcherConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(dispatcherEnvSchema, env);
