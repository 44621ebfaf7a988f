import type { EndpointEntity } from './endpoint.entity.js';

/**
 * The rotated-out secret of an endpoint while its grace period lasts. A
 * previous secret whose expiry has passed counts as gone even before the
 * expiry sweep clears the row, so no reader ever sees an expired one. Pure.
 */
export interface PreviousSecret {
  secret: string;
  /** ISO 8601; the secret signs nothing from this instant on. */
  expiresAt: string;
}

export function livePreviousSecret(
  row: Pick<EndpointEntity, 'previousSecret' | 'previousSecretExpiresAt'>,
  now: Date,
): PreviousSecret | null {
  const { previousSecret, previousSecretExpiresAt } = row;
  if (previousSecret === null || previousSecretExpiresAt === null) return null;
  if (previousSecretExpiresAt.getTime() <= now.getTime()) return null;
  return { secret: previousSecret, expiresAt: previousSecretExpiresAt.toISOString() };
}
