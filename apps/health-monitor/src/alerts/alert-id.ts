import { createHash } from 'node:crypto';
import type { AlertKind } from '@herald/contracts';

/**
 * An alert's id depends only on its cause — the kind and the ids that name
 * the cause (message + endpoint, attempt + endpoint, endpoint + pause end) —
 * never on when or by which replica it was derived. Re-deriving it after a
 * crash or a redelivery yields the same id, so JetStream (`Nats-Msg-Id`) and
 * alerting (primary key) de-duplicate the re-publish.
 */
export function alertIdFor(kind: AlertKind, ...cause: string[]): string {
  const digest = createHash('sha256')
    .update([kind, ...cause].join(':'))
    .digest('hex');
  return `alr_${digest.slice(0, 32)}`;
}
