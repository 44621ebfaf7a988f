import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing done the plainest way, with node:crypto: the
 * baseline is "the simplest thing that could work", and the receiver checks
 * its output with the reference library exactly like Herald's.
 */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: Uint8Array,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest('base64');
  return `v1,${mac}`;
}
