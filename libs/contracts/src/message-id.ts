import { hash } from 'node:crypto';

/**
 * The message id of an event: the same (tenant, idempotency key) always yields
 * the same id, which makes de-duplication a primary-key conflict and gives
 * receivers a stable `webhook-id`. Ingest issues it; the registry computes it
 * too, to recognise the attempt of an endpoint test it started.
 */
export const MESSAGE_ID_PATTERN = /^msg_[0-9a-f]{32}$/;

export function messageIdFor(tenantId: string, idempotencyKey: string): string {
  // One-shot: no Hash object per event (ingest computes one per event).
  const digest = hash('sha256', `${tenantId}\n${idempotencyKey}`, 'hex');
  return `msg_${digest.slice(0, 32)}`;
}
