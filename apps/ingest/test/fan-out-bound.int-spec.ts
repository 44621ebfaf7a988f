import { describe, expect, it } from '@jest/globals';
import { BATCH_TOKEN, deliveryMessageSchema, isDeliveryBatch, Namespace } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { messageIdFor } from '../src/events/event-rules.js';
import { IngestHarness } from './harness.js';

/**
 * Ingest's fan-out bounded in bytes (real NATS + Postgres): with
 * HERALD_FANOUT_MAX_BYTES at 4 KiB, the groups of a hundred events fanned out
 * together (each about 1.6 KB: a 1,200-byte payload for three endpoints)
 * wait serialised for a publish only up to the bound plus one group, so no
 * batch message holds more than three of them, where without the bound one
 * message could take up to a hundred tasks; every task is published once.
 */
describe('ingest fan-out bounded in bytes (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite({ HERALD_FANOUT_MAX_BYTES: '4096' });

  it('lets no batch message hold more groups than fit the bound, and publishes each task once', async () => {
    const tenant = await h.seed.tenant();
    const endpoints = await h.endpoints(
      tenant.tenantId,
      ...Array.from({ length: 3 }, (_, i) => ({ url: `https://e${i}.example`, eventTypes: ['*'] })),
    );
    await h.endpointsVisible(tenant.tenantId, 3);
    const events = 100;
    // Published on NATS together, the events are stored in shared inserts and
    // fanned out in the same turns, so their groups wait for a publish together.
    const publisher = h.app.get(Publisher);
    const ns = new Namespace(h.namespace);
    const body = new TextEncoder().encode(JSON.stringify({ note: 'y'.repeat(1_200) }));
    const keys = Array.from({ length: events }, (_, i) => `evt-bound-${i}`);
    await Promise.all(
      keys.map((key) =>
        publisher.publishRaw(ns.ingestSubject(tenant.tenantId, 'order.paid'), body, {
          headers: { 'Herald-Idempotency-Key': key },
        }),
      ),
    );
    const ids = keys.map((key) => messageIdFor(tenant.tenantId, key));
    await h.fannedOut(ids, 20_000);
    const mine = new Set(ids);
    const delivered: string[] = [];
    let most = 0;
    for (const m of await h.deliverMessages()) {
      const message = deliveryMessageSchema.parse(JSON.parse(m.data));
      if (!isDeliveryBatch(message)) continue;
      const groups = (message.groups ?? []).filter((g) => mine.has(g.messageId));
      if (groups.length === 0) continue;
      expect(m.subject).toBe(ns.subject('deliver.v1', BATCH_TOKEN));
      const groupBytes = Buffer.byteLength(JSON.stringify(groups[0]));
      most = Math.max(most, groups.length);
      expect(groups.length).toBeLessThanOrEqual(Math.floor(4096 / groupBytes) + 1);
      for (const g of groups) delivered.push(...g.endpointIds.map((e) => `${g.messageId}:${e}`));
    }
    // Groups still ride together, as many as the bound lets wait.
    expect(most).toBeGreaterThanOrEqual(2);
    expect(delivered.sort()).toEqual(
      ids.flatMap((id) => endpoints.map((e) => `${id}:${e.id}`)).sort(),
    );
  });
});
