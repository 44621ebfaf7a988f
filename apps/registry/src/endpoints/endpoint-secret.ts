import { randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing secrets: `whsec_` + base64 of 24 random bytes
 * (192 bits, inside the spec's 24..64 byte range). Randomness is a parameter
 * so tests can pin it.
 */
export const SECRET_PREFIX = 'whsec_';
export const SECRET_BYTES = 24;

export function generateEndpointSecret(random: (size: number) => Buffer = randomBytes): string {
  return SECRET_PREFIX + random(SECRET_BYTES).toString('base64');
}
