import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signatures, produced by the spec's reference library so
 * that receivers verifying with any reference library succeed byte for byte.
 * Invariants: one `v1,<base64>` per secret, in the endpoint's order (newest
 * first), separated by a single space; the timestamp header is the same
 * instant, in whole seconds, that was signed.
 */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signWebhook(
  secrets: readonly string[],
  messageId: string,
  at: Date,
  payload: string,
): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1_000)),
    'webhook-signature': signatures.join(' '),
  };
}
