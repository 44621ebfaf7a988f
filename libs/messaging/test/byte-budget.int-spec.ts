import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, type INestApplication } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DeliveryTask } from '@herald/contracts';
import { dropNamespace, pollUntil, TEST_NATS_URL, uniqueNamespace } from '@herald/testing';
import { NatsClient, Publisher } from '../src/index.js';
import { probeTask, startProbeApp, untilDrained } from './probe-app.js';

/**
 * `maxBytes` against a real consumer whose message count allows ten at once:
 * large messages whose bytes do not fit together are handled one at a time,
 * small ones together, and every message is still handled once.
 */
const active = new Set<string>();
let mostAtOnce = 0;
const gates = new Map<string, () => void>();

@Controller()
class HoldingHandler {
  @EventPattern<string>('deliver.v1')
  async handle(@Payload() task: DeliveryTask) {
    active.add(task.messageId);
    mostAtOnce = Math.max(mostAtOnce, active.size);
    await new Promise<void>((resolve) => gates.set(task.messageId, resolve));
    active.delete(task.messageId);
  }
}

const withPayload = (id: string, bytes: number): DeliveryTask => ({
  ...probeTask(id),
  payload: JSON.stringify({ pad: 'x'.repeat(bytes) }),
});
const open = (id: string) => {
  gates.get(id)?.();
  gates.delete(id);
};

describe('JetStream consumer bounded in bytes (real NATS)', () => {
  const namespace = uniqueNamespace();
  let app: INestApplication;
  let publisher: Publisher;
  let nats: NatsClient;

  beforeAll(async () => {
    ({ app, nats, publisher } = await startProbeApp({
      namespace,
      service: 'bytes',
      topics: ['deliver.v1'],
      controller: HoldingHandler,
      // Room for one 20 KB message, or several small ones.
      transport: { consumers: { 'deliver.v1': { concurrency: 10, maxBytes: 30_000 } } },
    }));
  });

  afterAll(async () => {
    for (const id of [...gates.keys()]) open(id);
    await app.close();
    await dropNamespace(TEST_NATS_URL, namespace);
  });

  it('handles messages whose bytes do not fit together one at a time, small ones together', async () => {
    for (const id of ['large-1', 'large-2', 'large-3']) {
      await publisher.publish('deliver.v1', 'e1', withPayload(id, 20_000), id);
    }
    for (const id of ['large-1', 'large-2', 'large-3']) {
      await pollUntil(() => gates.has(id), { what: `${id} handled` });
      // The next large message is held back until this one's bytes are released.
      expect([...active]).toEqual([id]);
      open(id);
    }
    expect(mostAtOnce).toBe(1);

    for (const id of ['small-1', 'small-2', 'small-3']) {
      await publisher.publish('deliver.v1', 'e1', withPayload(id, 100), id);
    }
    await pollUntil(() => active.size === 3, { what: 'three small messages handled at once' });
    for (const id of ['small-1', 'small-2', 'small-3']) open(id);

    await untilDrained(nats, 'bytes-deliver', { what: 'every message acked' });
  });
});
