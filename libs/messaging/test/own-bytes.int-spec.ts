import { afterAll, describe, expect, it } from '@jest/globals';
import { Controller, type INestApplication } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import type { DeliveryTask } from '@herald/contracts';
import { dropNamespace, pollUntil, TEST_NATS_URL, uniqueNamespace } from '@herald/testing';
import { JetStreamContext, ownBytes } from '../src/index.js';
import { probeTask, startProbeApp, untilDrained } from './probe-app.js';

/**
 * Messages that arrive together share one socket read in nats.js; a message
 * kept for later must hold only its own bytes (ADR 0101), and, once its
 * handler has the decoded value, not even those (ADR 0111). Both tests make
 * the messages arrive together: they are stored while no consumer runs, so
 * the consumer's first pull receives them back to back.
 */
const COUNT = 100;
const kept: { id: string; msg: JsMsg }[] = [];
let openGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (openGate = resolve));

@Controller()
class KeepingHandler {
  @EventPattern<string>('deliver.v1')
  async handle(@Payload() task: DeliveryTask, @Ctx() ctx: JetStreamContext) {
    kept.push({ id: task.messageId, msg: ctx.message });
    // Parked, as a delivery queued behind its endpoint is: the slot is free, the message kept.
    ctx.release();
    await gate;
  }
}

/** Publishes only: the stream is a work queue, so the keeper's is its one consumer. */
@Controller()
class NoHandler {}

const buffers = (messages: JsMsg[]) => new Set(messages.map((m) => m.data.buffer));
/** What a handler reads of a message; `info` is parsed from its reply subject. */
const readable = (m: JsMsg) => ({
  subject: m.subject,
  data: Buffer.from(m.data).toString(),
  msgId: m.headers?.get('Nats-Msg-Id'),
  stream: m.info.stream,
  streamSequence: m.info.streamSequence,
  deliveryCount: m.info.deliveryCount,
});
/** A message's bytes: its headers, if any, then its data. */
const ownSize = (m: JsMsg) => m.data.byteOffset + m.data.byteLength;

describe('received messages keep only their own bytes (real NATS)', () => {
  const namespace = uniqueNamespace();
  const apps: INestApplication[] = [];
  afterAll(async () => {
    openGate();
    for (const app of apps) await app.close();
    await dropNamespace(TEST_NATS_URL, namespace);
  });

  /** Stores `COUNT` tasks for the `keep` consumer while it is not running. */
  async function storeWhileStopped(prefix: string) {
    const keeper = await startProbeApp({
      namespace,
      service: 'keep',
      topics: ['deliver.v1'],
      controller: KeepingHandler,
    });
    await keeper.app.close();
    const sender = await startProbeApp({
      namespace,
      service: 'send',
      topics: ['deliver.v1'],
      controller: NoHandler,
    });
    apps.push(sender.app);
    await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        sender.publisher.publish('deliver.v1', 'e1', probeTask(`${prefix}-${i}`), `${prefix}-${i}`),
      ),
    );
    return sender;
  }

  it('nats.js hands messages that arrived together views into one buffer, and ownBytes gives each its own, intact and ackable', async () => {
    const sender = await storeWhileStopped('raw');
    const { nats } = sender;
    const stream = nats.ns.stream('deliver.v1');
    const consumer = await nats.js.consumers.get(stream, 'keep-deliver');
    const messages = await consumer.fetch({ max_messages: COUNT, expires: 5_000 });
    const received: JsMsg[] = [];
    for await (const msg of messages) {
      received.push(msg);
      if (received.length === COUNT) break;
    }
    expect(received).toHaveLength(COUNT);
    // The premise: fewer buffers than messages, each larger than the message it carries.
    expect(buffers(received).size).toBeLessThan(COUNT);
    expect(received.some((m) => m.data.buffer.byteLength > 4 * ownSize(m))).toBe(true);

    const before = received.map(readable);
    for (const m of received) ownBytes(m);

    expect(buffers(received).size).toBe(COUNT);
    for (const m of received) expect(m.data.buffer.byteLength).toBe(ownSize(m));
    expect(received.map(readable)).toEqual(before);
    expect(before.map((m) => m.msgId)).toEqual(
      expect.arrayContaining(Array.from({ length: COUNT }, (_, i) => `raw-${i}`)),
    );

    for (const m of received) m.ack();
    await untilDrained(nats, 'keep-deliver', {
      what: 'every message acked after its bytes were copied',
    });
  });

  it('the transport lets go of a JSON message’s data once decoded: a kept message holds only its headers', async () => {
    await storeWhileStopped('kept');
    const keeper = await startProbeApp({
      namespace,
      service: 'keep',
      topics: ['deliver.v1'],
      controller: KeepingHandler,
      transport: { consumers: { 'deliver.v1': { concurrency: 2 * COUNT } } },
    });
    apps.push(keeper.app);
    await pollUntil(() => kept.length === COUNT, { what: `${COUNT} messages handled and kept` });

    const messages = kept.map((k) => k.msg);
    expect(buffers(messages).size).toBe(COUNT);
    for (const m of messages) {
      // No data; the buffer left is the message's own header bytes.
      expect(m.data.byteLength).toBe(0);
      expect(m.data.buffer.byteLength).toBe(ownSize(m));
      expect(ownSize(m)).toBeGreaterThan(0);
    }
    // Headers and `info` still read as received.
    expect(messages.map((m) => m.headers?.get('Nats-Msg-Id')).sort()).toEqual(
      kept.map((k) => k.id).sort(),
    );
    expect(new Set(messages.map((m) => m.info.streamSequence)).size).toBe(COUNT);
    expect(kept.map((k) => k.id).sort()).toEqual(
      Array.from({ length: COUNT }, (_, i) => `kept-${i}`).sort(),
    );

    // Settled as before: each acked once its handler returns.
    openGate();
    await untilDrained(keeper.nats, 'keep-deliver', { what: 'every kept message acked' });
  });
});
