import { describe, expect, it } from '@jest/globals';
import { isReservedRequestHeader } from './headers.js';

describe('isReservedRequestHeader', () => {
  it.each([
    'Content-Type',
    'content-length',
    'Content-Encoding',
    'User-Agent',
    'webhook-id',
    'Webhook-Timestamp',
    'WEBHOOK-SIGNATURE',
    'webhook-anything',
    'Host',
    'Connection',
    'keep-alive',
    'Transfer-Encoding',
    'TE',
    'trailer',
    'Upgrade',
    'Expect',
  ])('reserves %s', (name) => expect(isReservedRequestHeader(name)).toBe(true));

  it.each(['Authorization', 'X-Api-Key', 'x-herald-tenant', 'webhooks', 'content-language'])(
    'leaves %s to the endpoint',
    (name) => expect(isReservedRequestHeader(name)).toBe(false),
  );
});
