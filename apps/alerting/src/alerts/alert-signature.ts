import { Webhook } from 'standardwebhooks';

export interface AlertSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs an alert like a webhook (Standard Webhooks, `v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">`), keyed by the destination's token: a generated
 * token is a `whsec_` secret (its base64 part is the key), so any Standard
 * Webhooks library verifies with the token as the secret; a token set by
 * HERALD_ALERT_TOKEN that is not one is used as raw UTF-8 key bytes.
 */
export function signAlert(
  token: string,
  alertId: string,
  at: Date,
  body: string,
): AlertSignatureHeaders {
  const webhook = token.startsWith('whsec_')
    ? new Webhook(token)
    : new Webhook(new TextEncoder().encode(token), { format: 'raw' });
  return {
    'webhook-id': alertId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1_000)),
    'webhook-signature': webhook.sign(alertId, at, body),
  };
}
