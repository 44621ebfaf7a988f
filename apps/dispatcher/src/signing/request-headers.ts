import { isReservedRequestHeader, type EndpointView } from '@herald/contracts';
import { signWebhook } from './signature.js';

/**
 * The headers of one webhook request. Invariants: the endpoint's custom
 * headers are sent, but never replace the headers Herald owns (see
 * `RESERVED_REQUEST_HEADERS`), whatever their case; credentials from the URL
 * become `authorization` unless the endpoint sets one itself.
 */

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
    if (!isReservedRequestHeader(name)) headers[name.toLowerCase()] = value;
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
