import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A secret made once per checkout and kept in `<stateDir>/<name>` (readable
 * by its owner only), so every start reuses it.
 */
export function keptSecret(stateDir: string, name: string, make: () => string): string {
  const file = path.join(stateDir, name);
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `${make()}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The key that encrypts secrets at rest (.herald/secrets-key): reused by
 * every start so stored secrets stay readable. HERALD_SECRETS_KEY, when set, wins.
 */
export const checkoutSecretsKey = (stateDir: string) =>
  keptSecret(stateDir, 'secrets-key', () => `local:${randomBytes(32).toString('base64')}`);

/**
 * The key that signs tenant portal links (.herald/portal-signing-key), so
 * links survive a restart. HERALD_PORTAL_SIGNING_KEY, when set, wins.
 */
export const checkoutPortalSigningKey = (stateDir: string) =>
  keptSecret(stateDir, 'portal-signing-key', () => randomBytes(32).toString('hex'));

/** The admin token: HERALD_ADMIN_TOKEN, else this checkout's random one (.herald/admin-token). */
export function adminTokenOf(
  env: NodeJS.ProcessEnv,
  stateDir: string,
  rel: (file: string) => string,
): { token: string; from: string } {
  if (env.HERALD_ADMIN_TOKEN) return { token: env.HERALD_ADMIN_TOKEN, from: 'HERALD_ADMIN_TOKEN' };
  const token = keptSecret(stateDir, 'admin-token', () => randomBytes(24).toString('hex'));
  return { token, from: rel(path.join(stateDir, 'admin-token')) };
}
