import { describe, expect, it } from '@jest/globals';
import type { JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { JetStreamContext } from './jetstream.context.js';

const message = { subject: 'herald.deliver.v1.e1', info: { deliveryCount: 2 } } as JsMsg;

describe('JetStreamContext.release', () => {
  it('frees the slot once, however often it is called, and never settles the message', () => {
    let freed = 0;
    const ctx = new JetStreamContext([message], () => (freed += 1));
    expect(ctx.isReleased).toBe(false);
    ctx.release();
    ctx.release();
    expect(freed).toBe(1);
    expect(ctx.isReleased).toBe(true);
    expect(ctx.deliveryCount).toBe(2);
  });

  it('is harmless without a transport behind it', () => {
    const ctx = new JetStreamContext([message]);
    expect(() => ctx.release()).not.toThrow();
  });
});

describe('JetStreamContext.header', () => {
  const withHeaders = (headers: MsgHdrs | undefined) =>
    new JetStreamContext([{ ...message, headers }]);

  it('reads the first value of a header by its exact name, as nats.js does', () => {
    const headers = natsHeaders();
    headers.append('Idempotency-Key', 'first');
    headers.append('Idempotency-Key', 'second');
    headers.append('Herald-Channel', 'eu');
    const ctx = withHeaders(headers);
    expect(ctx.header('Idempotency-Key')).toBe(headers.get('Idempotency-Key'));
    expect(ctx.header('Idempotency-Key')).toBe('first');
    expect(ctx.header('Herald-Channel')).toBe('eu');
    expect(ctx.header('idempotency-key')).toBe(headers.get('idempotency-key') || undefined);
    expect(ctx.header('idempotency-key')).toBeUndefined();
  });

  it('gives undefined for a header that is missing or empty, or a message without headers', () => {
    const headers = natsHeaders();
    headers.append('Empty', '');
    expect(withHeaders(headers).header('Empty')).toBeUndefined();
    expect(withHeaders(headers).header('Missing')).toBeUndefined();
    expect(withHeaders(undefined).header('Anything')).toBeUndefined();
  });
});
