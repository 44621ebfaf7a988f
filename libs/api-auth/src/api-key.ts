import { createHash, randomBytes } from 'node:crypto';

/** API keys are `hrld_<43 url-safe base64 chars>`; only their SHA-256 is stored anywhere. */
export const API_KEY_PREFIX = 'hrld_';

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
