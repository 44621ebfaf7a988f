import { randomBytes } from 'node:crypto';

/** A fresh random `HERALD_SECRETS_KEY` (`<keyId>:<base64 of 32 bytes>`) for one test run. */
export function testSecretsKey(keyId = 'test'): string {
  return `${keyId}:${randomBytes(32).toString('base64')}`;
}
