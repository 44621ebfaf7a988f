/**
 * Errors the sender raises before or while connecting. Each carries a code the
 * classifier maps to an attempt reason; messages name hosts and addresses,
 * never credentials.
 */
export { SsrfBlockedError } from '@herald/ssrf';

export class InvalidUrlError extends Error {
  readonly code = 'INVALID_URL';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidUrlError';
  }
}
