import { z } from 'zod';
import {
  checkNatsAuth,
  commonEnv,
  durationVar,
  loadConfig,
  optionalTextVar,
  portVar,
} from '@herald/config';
import { apiRateLimitEnv } from '@herald/tenant-limits';

const positiveDuration = (fallback: string) =>
  durationVar(fallback).refine((ms) => ms > 0, { message: 'must be longer than 0' });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `50,75,90` → [50, 75, 90]: ascending whole percentages between 1 and 99. */
const percentList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parts = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      const numbers = parts.map(Number);
      const valid =
        numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= 99) &&
        numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);
      if (!valid) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected ascending whole percentages between 1 and 99, e.g. 50,75,90',
        });
        return z.NEVER;
      }
      return numbers;
    });

/** Health-monitor's environment; validated once at start. */
const healthMonitorEnvObject = z.object({
  ...commonEnv,
  /** Requests per API key on the attempt, health and rejection routes, `<count>/<duration>` or `off`. */
  ...apiRateLimitEnv,
  HERALD_HEALTH_MONITOR_PORT: portVar(8083),
  /** The operators' token for `GET /v1/quarantine`; without it the route answers 401. */
  HERALD_ADMIN_TOKEN: optionalTextVar(),
  /**
   * Attempt messages processed at once per health partition this replica
   * holds (they are written in batches). One replica holding all 16
   * partitions handles up to 16× this: with 256 (4,096 at once) an instance
   * held to 0.15 CPU drained a backlog at a third of its rate, its heap full
   * of messages in flight.
   */
  HERALD_ATTEMPT_CONCURRENCY: positiveInt(32),
  /** Open `GET /v1/attempts/stream` connections per tenant per replica; more → 429. */
  HERALD_ATTEMPT_STREAMS_PER_TENANT: positiveInt(20),
  /** Most attempt outcomes written by one insert… */
  HERALD_ATTEMPT_BATCH_SIZE: positiveInt(200),
  /** …and the longest an outcome waits for its batch. */
  HERALD_ATTEMPT_BATCH_WAIT: positiveDuration('20ms'),
  /** Attempt-log rows (and rejection reports) older than this are deleted… */
  HERALD_ATTEMPT_RETENTION: positiveDuration('30d'),
  /** …by a background pruner that runs this often. */
  HERALD_ATTEMPT_PRUNE_INTERVAL: positiveDuration('10m'),
  /** Pause an endpoint after more than this many failures… */
  HERALD_PAUSE_THRESHOLD: positiveInt(100),
  /** …within this sliding window… */
  HERALD_PAUSE_WINDOW: positiveDuration('10m'),
  /** …for this long; delivery then resumes by itself. */
  HERALD_PAUSE_DURATION: positiveDuration('10m'),
  /** How often expired pauses are swept from the state bucket (a timer ends each pause on time). */
  HERALD_PAUSE_SWEEP_INTERVAL: positiveDuration('5s'),
  /** Successes slower than this are "slow" (per endpoint: PUT /v1/endpoints/:id/health/settings). */
  HERALD_SLOW_THRESHOLD: positiveDuration('2s'),
  /** Recent failures kept per endpoint for the health view. */
  HERALD_HEALTH_LATEST_ERRORS: positiveInt(20),
  /** How much recent history the health state looks at. */
  HERALD_HEALTH_STATE_WINDOW: positiveDuration('5m'),
  /** This many failed attempts in a row make an endpoint `failing`. */
  HERALD_HEALTH_FAILING_STREAK: positiveInt(5),
  /** `delivery.failing` is raised when a delivery's attempt number N fails and more follow. */
  HERALD_FAILING_ATTEMPTS: positiveInt(3),
  /** Disable an endpoint whose every attempt has failed for this long… */
  HERALD_DISABLE_AFTER: positiveDuration('5d'),
  /** …after warning at these percentages of that period. */
  HERALD_DISABLE_WARNINGS: percentList('50,75,90'),
  /** Successes in a row that close an incident (`endpoint.recovered`). */
  HERALD_RECOVERY_SUCCESSES: positiveInt(1),
  /** Endpoints exported with their own series per per-endpoint metric (the worst first). */
  HERALD_METRICS_ENDPOINT_LIMIT: z.coerce.number().int().nonnegative().default(100),
  /**
   * A replica's lease on a health partition expires this long after its last
   * renewal (every third of it); another replica then takes the partition.
   */
  HERALD_HEALTH_LEASE_TTL: durationVar('15s').refine((ms) => ms >= 300, {
    message: 'must be at least 300ms',
  }),
  /** A dispatcher replica's breaker state not re-announced for this long is forgotten. */
  HERALD_BREAKER_STATE_TTL: positiveDuration('10m'),
});

export const healthMonitorEnvSchema = healthMonitorEnvObject.superRefine(checkNatsAuth);

export type HealthMonitorConfig = z.infer<typeof healthMonitorEnvSchema>;
export const HEALTH_MONITOR_CONFIG = Symbol('HEALTH_MONITOR_CONFIG');

export const loadHealthMonitorConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(healthMonitorEnvSchema, env);
