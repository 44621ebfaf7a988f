import { describe, expect, it } from '@jest/globals';
import type { JsMsg } from '@nats-io/jetstream';
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
