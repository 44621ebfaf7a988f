import { describe, expect, it } from '@jest/globals';
import { BATCH_TOKEN, deliveryTaskId, Namespace } from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import { messageIdFor } from '../src/events/event-rules.js';
import { largestTaskBytes } from '../src/events/task-size.js';
import { IngestHarness } from './harness.js';

/**
 * A group at the server's limit (real NATS + Postgres): an event whose
 * single task just fits the server's `max_payload` is accepted, but its
 * group for thirty endpoints would not fit one message with their ids, so
 * its tasks are published alone, each under its own id, and the fan-out
 * completes (ADR 0106).
 */
describe('ingest fan-out at the server limit (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite({ HERALD_MAX_PAYLOAD_BYTES: String(2 * 1024 * 1024) });

  it('publishes the tasks of a group too large for one message alone, and completes the fan-out', async () => {
    const tenant = await h.seed.tenant();
    const endpoints = await h.endpoints(
      tenant.tenantId,
      ...Array.from({ length: 30 }, (_, i) => ({
        url: `https://l${i}.example`,
        eventTypes: ['*'],
      })),
    );
    await h.endpointsVisible(tenant.tenantId, 30);
    const maxPayload = h.app.get(NatsClient).connection.info!.max_payload;
    const key = 'evt-at-limit';
    const messageId = messageIdFor(tenant.tenantId, key);
    const fields = {
      messageId,
      tenantId: tenant.tenantId,
      eventType: 'order.paid',
      channel: null,
      createdAt: new Date().toISOString(),
    };
    // The largest payload whose task (in its largest form) still fits.
    const bodyOf = (length: number) => JSON.stringify({ pad: 'x'.repeat(length) });
    const length = 1_000 + maxPayload - largestTaskBytes(fields, bodyOf(1_000));
    const body = bodyOf(length);
    expect(largestTaskBytes(fields, body)).toBe(maxPayload);
    const ns = new Namespace(h.namespace);
    await h.app
      .get(Publisher)
      .publishRaw(ns.ingestSubject(tenant.tenantId, 'order.paid'), new TextEncoder().encode(body), {
        headers: { 'Herald-Idempotency-Key': key },
      });
    await h.fannedOut([messageId], 30_000);
    const published = (await h.tasks()).filter((t) => t.task.messageId === messageId);
    expect(published.map((t) => t.task.endpointId).sort()).toEqual(
      endpoints.map((e) => e.id).sort(),
    );
    // Fanned out on its first delivery: a failed publish would have had the
    // event redelivered and its fan-out redone, counted as a duplicate.
    const count = (outcome: string) => h.metric('herald_ingest_messages_total', { outcome });
    expect({ stored: await count('stored'), duplicate: await count('duplicate') }).toEqual({
      stored: 1,
      duplicate: 0,
    });
    for (const t of published) {
      expect(t.subject).not.toBe(ns.subject('deliver.v1', BATCH_TOKEN));
      expect(t.subject).toBe(ns.subject('deliver.v1', t.task.endpointId));
      expect(t.msgId).toBe(deliveryTaskId(t.task));
      expect(t.task.payload).toBe(body);
    }
  });
});
