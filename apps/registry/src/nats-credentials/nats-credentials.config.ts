import { accessSync, constants } from 'node:fs';
import { z } from 'zod';
import { durationVar, optionalTextVar } from '@herald/config';

const optional = (pattern: RegExp, what: string) =>
  optionalTextVar().refine((value) => value === undefined || pattern.test(value), {
    message: `expected ${what}`,
  });

/**
 * Producer credentials (NATS decentralized JWT auth). Set all four to let
 * tenant admins create NATS credentials, or none to turn the feature off.
 * The seeds are secrets: never logged, never in an error message.
 */
export const producerCredentialsEnv = {
  /** Public key of Herald's NATS account (`A…`). */
  HERALD_NATS_ACCOUNT: optional(/^A[A-Z2-7]{55}$/, 'an account public key (A…)'),
  /** Seed of one of the account's signing keys (`SA…`): signs producer users. */
  HERALD_NATS_ACCOUNT_SIGNING_KEY: optional(/^SA[A-Z2-7]{56}$/, 'an account seed (SA…)'),
  /** Seed of one of the operator's signing keys (`SO…`): re-signs the account with its revocations. */
  HERALD_NATS_OPERATOR_SIGNING_KEY: optional(/^SO[A-Z2-7]{56}$/, 'an operator seed (SO…)'),
  /** Creds file of a system-account user: pushes the account's revocations to the servers. */
  HERALD_NATS_SYSTEM_CREDS: optionalTextVar(),
  /** How often the registry checks that every revocation is in the account the servers hold. */
  HERALD_NATS_REVOCATION_SYNC: durationVar('30s').refine((ms) => ms >= 100, {
    message: 'must be at least 100ms',
  }),
};

const ALL = [
  'HERALD_NATS_ACCOUNT',
  'HERALD_NATS_ACCOUNT_SIGNING_KEY',
  'HERALD_NATS_OPERATOR_SIGNING_KEY',
  'HERALD_NATS_SYSTEM_CREDS',
] as const;

type ProducerCredentialsVars = { [K in (typeof ALL)[number]]?: string | undefined };

/** All four together or none; the creds file must be readable. */
export function checkProducerCredentials(env: ProducerCredentialsVars, ctx: z.RefinementCtx) {
  const given = ALL.filter((name) => env[name] !== undefined);
  if (given.length > 0 && given.length < ALL.length) {
    for (const name of ALL.filter((variable) => env[variable] === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: `required with ${given.join(', ')} (producer NATS credentials need all four)`,
      });
    }
  }
  if (env.HERALD_NATS_SYSTEM_CREDS !== undefined) {
    try {
      accessSync(env.HERALD_NATS_SYSTEM_CREDS, constants.R_OK);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['HERALD_NATS_SYSTEM_CREDS'],
        message: 'the file cannot be read',
      });
    }
  }
}

export interface ProducerCredentialsSettings {
  account: string;
  accountSigningSeed: string;
  operatorSigningSeed: string;
  systemCreds: string;
  syncMs: number;
}

/** The settings when the feature is on, else null. */
export function producerCredentialsSettings(
  env: ProducerCredentialsVars & { HERALD_NATS_REVOCATION_SYNC: number },
): ProducerCredentialsSettings | null {
  if (
    !env.HERALD_NATS_ACCOUNT ||
    !env.HERALD_NATS_ACCOUNT_SIGNING_KEY ||
    !env.HERALD_NATS_OPERATOR_SIGNING_KEY ||
    !env.HERALD_NATS_SYSTEM_CREDS
  ) {
    return null;
  }
  return {
    account: env.HERALD_NATS_ACCOUNT,
    accountSigningSeed: env.HERALD_NATS_ACCOUNT_SIGNING_KEY,
    operatorSigningSeed: env.HERALD_NATS_OPERATOR_SIGNING_KEY,
    systemCreds: env.HERALD_NATS_SYSTEM_CREDS,
    syncMs: env.HERALD_NATS_REVOCATION_SYNC,
  };
}
