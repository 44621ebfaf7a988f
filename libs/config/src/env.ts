import { BUDGET_DEFAULTS } from '@herald/heap-budget';
import { z } from 'zod';
import { parseDuration } from '@herald/resilience';
import { natsAuthEnv } from './nats-auth.js';
import { natsServers } from './nats-servers.js';

/**
 * Environment validation. Each service declares a zod schema over the
 * variables it reads; `loadConfig` validates once at start and fails fast with
 * a message that names every offending variable.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `${variable}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/**
 * A variable written as text (`fallback` when unset) and read by `parse`; the
 * message of what `parse` throws is the variable's problem.
 */
export const parsedVar = <T>(fallback: string, parse: (value: string) => T) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

/** A duration variable such as `15s`; the result is milliseconds. */
export const durationVar = (fallback: string) => parsedVar(fallback, parseDuration);

/** A comma-separated list of durations such as `5s,5m,30m`; the result is milliseconds. */
export const durationListVar = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return value
          .split(',')
          .filter((part) => part.trim() !== '')
          .map(parseDuration);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

export const booleanVar = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], {
      message: 'expected true or false',
    })
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

/**
 * An optional text variable: unset, empty and blank (`VAR=` in an env file)
 * all mean "not configured"; a value is trimmed.
 */
export const optionalTextVar = () =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined));

export const portVar = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

export const urlVar = (fallback: string, protocols: string[]) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `expected a URL with scheme ${protocols.join(' or ')}` },
    );

const NATS_SCHEMES = ['nats:', 'tls:', 'ws:', 'wss:'];

/**
 * `NATS_URL`: one or more server URLs, comma-separated. A bad entry is named
 * by its position, never by its text (it may carry a password).
 */
export const natsUrlVar = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((value, ctx) => {
      const servers = natsServers(value);
      if (servers.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'expected at least one server URL' });
        return;
      }
      servers.forEach((server, index) => {
        let ok: boolean;
        try {
          ok = NATS_SCHEMES.includes(new URL(server).protocol);
        } catch {
          ok = false;
        }
        if (!ok) {
          const which = servers.length > 1 ? `server ${index + 1} of ${servers.length}: ` : '';
          ctx.addIssue({
            code: 'custom',
            message: `${which}expected a URL with scheme ${NATS_SCHEMES.join(' or ')} (several: comma-separated)`,
          });
        }
      });
    });

/** Variables every Herald service reads. */
export const commonEnv = {
  /** One NATS server URL, or a cluster's servers comma-separated. */
  NATS_URL: natsUrlVar('nats://127.0.0.1:4222'),
  ...natsAuthEnv,
  DATABASE_URL: urlVar('postgres://postgres@127.0.0.1:5432/herald', ['postgres:', 'postgresql:']),
  HERALD_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only')
    .default('herald'),
  /**
   * Replicas of the JetStream streams and KV buckets a service creates (3 on
   * a 3-node NATS cluster). A start raises existing ones to it, never lowers them.
   */
  HERALD_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  HERALD_HOST: z.string().default('0.0.0.0'),
  /** Deepest nesting of JSON objects and arrays accepted in a request body or event payload. */
  HERALD_MAX_JSON_DEPTH: z.coerce.number().int().min(1).max(10_000).default(128),
  /** Most object keys accepted in one JSON request body or event payload. */
  HERALD_MAX_JSON_KEYS: z.coerce.number().int().positive().default(10_000),
  /**
   * Failed attempts (errors that are not an outage) after which a consumer
   * gives a message up: a rejection, a dead letter or a quarantine row.
   */
  HERALD_POISON_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  /** Deliveries after which a message is given up whatever happened (a crash loop, say). */
  HERALD_POISON_MAX_DELIVERIES: z.coerce.number().int().min(1).default(2_000),
  /**
   * Signs and verifies tenant portal session tokens (HS256, at least 32
   * characters, the same value on every service and the gateway); unset → no portal.
   */
  HERALD_PORTAL_SIGNING_KEY: optionalTextVar().refine(
    (value) => value === undefined || value.length >= 32,
    {
      message: 'must be at least 32 characters (e.g. openssl rand -hex 32)',
    },
  ),
  /**
   * Endpoints the read models are sized for when the heap limit is derived
   * (ADR 0089): raise it above this many endpoints per installation.
   */
  HERALD_HEAP_ENDPOINTS: z.coerce
    .number()
    .int()
    .positive()
    .default(BUDGET_DEFAULTS.HERALD_HEAP_ENDPOINTS),
  /** Replaces the heap limit derived from the budgets (MB of old space); unset → derived. */
  HERALD_HEAP_LIMIT_MB: z.coerce.number().int().positive().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/**
 * Message bytes one payload-carrying consumer (ingest's events, the
 * dispatcher's tasks) processes at once per replica, beside its message count:
 * what the heap limit is derived from (ADR 0089).
 */
export const consumerMaxBytesVar = () =>
  z.coerce.number().int().positive().default(BUDGET_DEFAULTS.HERALD_CONSUMER_MAX_BYTES);

export const commonEnvSchema = z.object(commonEnv);
export type CommonConfig = z.infer<typeof commonEnvSchema>;
