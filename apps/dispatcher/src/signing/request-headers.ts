import type { EndpointView } from '@herald/contracts';
import { signWebhook } from './signature.js';

/**
 * The headers of one webhook request. Invariants: the endpoint's custom
 * headers are sent, but never replace the headers Herald owns (content type,
 * user agent, the Standard Webhooks trio) nor hop-by-hop framing headers,
 * whatever their case; credentials from the URL become `authorization` unless
 * the endpoint sets one itself.
 */
const RESERVED = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

export interface RequestHeaderInput {
  endpoint: Pick<EndpointView, 'secrets' | 'headers'>;
  messageId: string;
  payload: string;
  at: Date;
  userAgent: string;
  basicAuth: string | null;
}

export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.endpoint.headers)) {
    const lower = name.toLowerCase();
    if (!RESERVED.has(lower)) headers[lower] = value;
  }
  if (input.basicAuth !== null && headers['authorization'] === undefined) {
    headers['authorization'] = input.basicAuth;
  }
  return {
    ...headers,
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    ...signWebhook(input.endpoint.secrets, input.messageId, input.at, input.payload),
  };
}
