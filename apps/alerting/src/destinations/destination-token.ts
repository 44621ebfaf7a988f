import { randomBytes } from 'node:crypto';

/**
 * A new destination token: `whsec_` and 32 random bytes in base64 — a
 * Standard Webhooks secret, so one value both authenticates
 * (`Authorization: Bearer <token>`) and verifies signatures with any
 * Standard Webhooks library.
 */
export const generateDestinationToken = (): string => `whsec_${randomBytes(32).toString('base64')}`;
