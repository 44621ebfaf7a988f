import { z } from 'zod';
import {
  adminTokenEnv,
  checkAdminToken,
  checkNatsAuth,
  commonEnv,
  durationVar,
  loadConfig,
  portVar,
} from '@herald/config';
import {
  checkProducerCredentials,
  producerCredentialsEnv,
} from './nats-credentials/nats-credentials.config.js';
import { secretsEnv, secretsKeyRequired } from '@herald/secrets-crypto';
import { ssrfEnv } from '@herald/ssrf';
import { apiRateLimitEnv, quotaEnv } from '@herald/tenant-limits';

/**
 * The registry's environment; validated once at start. The admin token is
 * required (there is no safe default for the key to every tenant), and the
 * CIDR allow-list is parsed here so a typo fails start-up, not a request.
 */
export const registryEnvSchema = z
  .object({
    ...commonEnv,
    /** Encrypts endpoint secrets and header values at rest (see `@herald/secrets-crypto`). */
    ...secretsEnv,
    /** Per-tenant quotas (see `@herald/tenant-limits`). */
    ...quotaEnv,
    /** Requests per API key on the management routes, `<count>/<duration>` or `off`. */
    ...apiRateLimitEnv,
    HERALD_REGISTRY_PORT: portVar(8081),
    /** The public address of the API and portal, for portal links; unset → the request's host. */
    HERALD_PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** Bearer token of the operator routes (`/v1/tenants`). */
    HERALD_ADMIN_TOKEN: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: the bearer token for /v1/tenants (at least 16 characters)'
            : 'expected a string',
      })
      .min(1, 'is required: the bearer token for /v1/tenants (at least 16 characters)'),
    ...adminTokenEnv,
    ...producerCredentialsEnv,
    /** The SSRF guard for endpoint URLs with an IP-literal host (see `@herald/ssrf`). */
    ...ssrfEnv,
    /** Longest accepted endpoint URL, in characters. */
    HERALD_MAX_URL_LENGTH: z.coerce.number().int().min(32).max(65_536).default(2048),
    /** How long a rotated-out signing secret keeps signing (both signatures are sent), e.g. `24h`. */
    HERALD_SECRET_ROTATION_GRACE: durationVar('24h'),
    /** Longest an endpoint test waits for its attempt before answering `pending` (202). */
    HERALD_ENDPOINT_TEST_WAIT: durationVar('30s'),
    /** How often expired previous secrets are cleared from Postgres and the read model. */
    HERALD_SECRET_SWEEP_INTERVAL: durationVar('30s').refine((ms) => ms >= 10, {
      message: 'must be at least 10ms',
    }),
    /** Largest event-type JSON Schema, in bytes of JSON. */
    HERALD_MAX_SCHEMA_BYTES: z.coerce.number().int().min(1_024).default(65_536),
    /** Deepest nesting of objects and arrays in an event-type JSON Schema. */
    HERALD_MAX_SCHEMA_DEPTH: z.coerce.number().int().min(2).max(128).default(32),
  })
  .refine(secretsKeyRequired.check, secretsKeyRequired.params)
  .superRefine(checkNatsAuth)
  .superRefine(checkAdminToken)
  .superRefine(checkProducerCredentials);

export type RegistryConfig = z.infer<typeof registryEnvSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');

export const loadRegistryConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(registryEnvSchema, env);
