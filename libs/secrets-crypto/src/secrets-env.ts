import { z } from 'zod';
import { booleanVar } from '@herald/config';
import { SecretBox } from './secret-box.js';
import { parseSecretsKeys, type SecretsKey } from './secrets-keys.js';

/**
 * The variables of a service that stores or uses secrets (registry,
 * dispatcher, alerting). Without `HERALD_SECRETS_KEY` such a service refuses
 * to start unless `HERALD_DEV_MODE=true`, when it stores secrets in clear
 * and says so at start. Problems name the variable, never the key.
 */
export const secretsEnv = {
  HERALD_SECRETS_KEY: z
    .string()
    .optional()
    .transform((value, ctx): SecretsKey[] => {
      if (value === undefined || value.trim() === '') return [];
      try {
        return parseSecretsKeys(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Development only: allows running without HERALD_SECRETS_KEY (secrets in clear). */
  HERALD_DEV_MODE: booleanVar(false),
};

/** Refinement for a schema that spreads `secretsEnv`. */
export const secretsKeyRequired = {
  check: (env: { HERALD_SECRETS_KEY: SecretsKey[]; HERALD_DEV_MODE: boolean }) =>
    env.HERALD_SECRETS_KEY.length > 0 || env.HERALD_DEV_MODE,
  params: {
    path: ['HERALD_SECRETS_KEY'] as PropertyKey[],
    message:
      'is required: <keyId>:<base64 of 32 bytes> (e.g. k1:$(openssl rand -base64 32)); ' +
      'set HERALD_DEV_MODE=true to store secrets in clear for local development',
  },
};

export const SECRET_BOX = Symbol('SECRET_BOX');

export const secretBoxFrom = (config: { HERALD_SECRETS_KEY: readonly SecretsKey[] }) =>
  new SecretBox(config.HERALD_SECRETS_KEY);
