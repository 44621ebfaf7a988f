import { z } from 'zod';
import { booleanVar } from './env.js';

/**
 * Admin tokens that have appeared in Herald's docs, compose file, scripts or
 * tests. Anyone who has read them knows these, so a service refuses them
 * unless `HERALD_ALLOW_INSECURE_DEV_TOKEN=true` says this is a development
 * machine. Never remove an entry: a token once published stays known.
 */
export const KNOWN_ADMIN_TOKENS: readonly string[] = [
  'change-me-admin-token',
  'herald-dev-admin-token',
  'documentation-only-token',
  'e2e-admin-token-0123456789',
  'test-admin-token-0123456789',
  'e2e-alerts-admin-token-5c1d9f',
  'alerting-test-admin-token',
  'an-admin-token-of-some-length',
];

export const MIN_ADMIN_TOKEN_LENGTH = 16;

/** Why an admin token is refused, or null when it is acceptable. */
export function adminTokenProblem(token: string, allowKnown: boolean): string | null {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    return `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters`;
  }
  if (!allowKnown && KNOWN_ADMIN_TOKENS.includes(token)) {
    return (
      'is a published example token that anyone can know; generate one ' +
      '(e.g. openssl rand -hex 24), or set HERALD_ALLOW_INSECURE_DEV_TOKEN=true on a development machine'
    );
  }
  return null;
}

/** The development switch that lets a known admin token through. */
export const adminTokenEnv = {
  HERALD_ALLOW_INSECURE_DEV_TOKEN: booleanVar(false),
};

/**
 * Adds the admin-token rules to a service's schema, for the token in
 * `HERALD_ADMIN_TOKEN` when it is set (the schema decides whether it is required).
 */
export function checkAdminToken(
  env: { HERALD_ADMIN_TOKEN?: string | undefined; HERALD_ALLOW_INSECURE_DEV_TOKEN: boolean },
  ctx: z.RefinementCtx,
): void {
  if (env.HERALD_ADMIN_TOKEN === undefined) return;
  const problem = adminTokenProblem(env.HERALD_ADMIN_TOKEN, env.HERALD_ALLOW_INSECURE_DEV_TOKEN);
  if (problem) ctx.addIssue({ code: 'custom', path: ['HERALD_ADMIN_TOKEN'], message: problem });
}
