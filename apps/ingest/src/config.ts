import { z } from 'zod';
import {
  checkNatsAuth,
  commonEnv,
  consumerMaxBytesVar,
  durationVar,
  loadConfig,
  portVar,
} from '@herald/config';
import { BUDGET_DEFAULTS } from '@herald/heap-budget';
import { apiRateLimitEnv, rateVar } from '@herald/tenant-limits';

/** Ingest's environment; validated once at start. */
const ingestEnvObject = z.object({
  ...commonEnv,
  HERALD_INGEST_PORT: portVar(8080),
  /**
   * Events per tenant, HTTP and NATS together, across replicas: `<count>/<duration>`
   * or `off` (the default). Each counted event costs a Postgres upsert on the
   * tenant's row, so one tenant's events are counted one after another: at
   * 100 events in a burst that added about 2 s of latency.
   */
  HERALD_RATE_LIMIT_INGEST: rateVar('off'),
  /** Requests per API key on the message, rejection and resend routes, `<count>/<duration>` or `off`. */
  ...apiRateLimitEnv,
  /** Largest accepted event payload, in bytes (default 256 KiB). */
  HERALD_MAX_PAYLOAD_BYTES: z.coerce.number().int().positive().default(262_144),
  /** Ingest messages processed at once by one replica. */
  HERALD_INGEST_CONCURRENCY: z.coerce.number().int().positive().default(64),
  /** Event bytes processed at once by one replica (2 MiB): bounds the heap its events take. */
  HERALD_CONSUMER_MAX_BYTES: consumerMaxBytesVar(),
  /**
   * Bytes of delivery tasks one replica holds serialised and waiting for
   * their publish (1 MiB). A fan-out past it waits for its tasks to be taken
   * into batches, so an event for thousands of endpoints does not hold every
   * task's JSON at once (ADR 0104).
   */
  HERALD_FANOUT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(BUDGET_DEFAULTS.HERALD_FANOUT_MAX_BYTES),
  /** How long a NATS event for an unknown tenant is retried before being refused (read-model lag). */
  HERALD_UNKNOWN_TENANT_GRACE: durationVar('10s'),
  /** Resends a tenant may make per second, per ingest replica (token-bucket refill rate). */
  HERALD_RESEND_RATE: z.coerce.number().positive().default(10),
  /** Resends a tenant may make at once after a quiet period (token-bucket capacity). */
  HERALD_RESEND_BURST: z.coerce.number().int().positive().default(20),
});
export const ingestEnvSchema = ingestEnvObject.superRefine(checkNatsAuth);

export type IngestConfig = z.infer<typeof ingestEnvSchema>;
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');

export const loadIngestConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(ingestEnvSchema, env);
