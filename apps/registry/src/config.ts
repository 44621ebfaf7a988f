import { z } from 'zod';
import {
  adminTokenEnv,
  booleanVar,
  checkAdminToken,
  checkNatsAuth,
  commonEnv,
  durationVar,
  loadConfig,
  portVar,
} from '@herald/config';
import { AddressPolicy } from '@herald/ssrf';
import {
  checkProducerCredentials,
  producerCredentialsEnv,
} from './nats-credentials/nats-credentials.config.js';

/**
 * The registry's environment; validated once at start. The admin token is
 * required (there is no safe default for the key to every tenant), and the
 * CIDR allow-list is parsed here so a typo fails start-up, not a request.
 */
const registryEnvObject = z.object({
  ...commonEnv,
  HERALD_REGISTRY_PORT: portVar(8081),
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
  /** Turns the SSRF guard off for endpoint URLs with an IP-literal host (local development only). */
  HERALD_ALLOW_PRIVATE_NETWORKS: booleanVar(false),
  /** Comma-separated CIDR ranges allowed although private, e.g. `127.0.0.0/8,10.1.0.0/16`. */
  HERALD_ALLOWED_CIDRS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const cidrs = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      try {
        new AddressPolicy(false, cidrs);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
      return cidrs;
    }),
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
  ...producerCredentialsEnv,
});

export const registryEnvSchema = registryEnvObject
  .superRefine(checkNatsAuth)
  .superRefine(checkAdminToken)
  .superRefine(checkProducerCredentials);

export type RegistryConfig = z.infer<typeof registryEnvSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');

export const loadRegistryConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(registryEnvSchema, env);
