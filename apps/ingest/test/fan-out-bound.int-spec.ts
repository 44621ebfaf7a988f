import { describe, expect, it } from '@jest/globals';
import { BATCH_TOKEN, Namespace } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

/**
 * Ingest's fan-out bounded in bytes (real NATS + Postgres): with
 * HERALD_FANOUT_MAX_BYTES at 4 KiB, one event for 30 endpoints (about 29 KB
 * of tasks) goes out as several batch messages, none holding more than the
 * bound plus one task, and every task is published once.
 */
describe('ingest fan-out bounded in bytes (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite({ HERALD_FANOUT_MAX_BYTES: '4096' });

  it('publishes a fan-out larger than HERALD_FANOUT_MAX_BYTES in several batches, each task once', async () => {
    const tenant = await h.seed.tenant();
    const endpoints = await h.endpoints(
      tenant.tenantId,
      ...Array.from({ length: 30 }, (_, i) => ({
        url: `https://e${i}.example`,
        eventTypes: ['*'],
      })),
    );
    const response = await fetch(`${h.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({
        type: 'order.paid',
        id: 'evt-wide',
        payload: { note: 'y'.repeat(600) },
      }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await pollUntil(
      async () => {
        const r = await h.sql.query(
          'SELECT 1 FROM ingest.messages WHERE id = $1 AND fanned_out_at IS NOT NULL',
          [id],
        );
        return r.rowCount === 1 || undefined;
      },
      { what: 'message marked fanned out' },
    );
    const published = (await h.tasks()).filter((t) => t.task.messageId === id);
    expect(published.map((t) => t.task.endpointId).sort()).toEqual(
      endpoints.map((e) => e.id).sort(),
    );
    const messages = new Map<string, number>();
    for (const t of published) {
      expect(t.subject).toBe(new Namespace(h.namespace).subject('deliver.v1', BATCH_TOKEN));
      messages.set(t.msgId, (messages.get(t.msgId) ?? 0) + 1);
    }
    const taskBytes = Buffer.byteLength(JSON.stringify(published[0]!.task));
    const mostPerMessage = Math.floor(4096 / taskBytes) + 1;
    // About 29 KB of tasks in messages of at most ~4 KiB and one task.
    expect(messages.size).toBeGreaterThanOrEqual(Math.ceil(30 / mostPerMessage));
    for (const count of messages.values()) expect(count).toBeLessThanOrEqual(mostPerMessage);
  });
});
