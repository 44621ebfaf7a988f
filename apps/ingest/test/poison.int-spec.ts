import { beforeAll, describe, expect, it } from '@jest/globals';
import { NatsClient, Publisher } from '@herald/messaging';
import { pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

/**
 * An event ingest cannot store ends as a rejection after its attempts,
 * visible in `ingest.rejections`; the events stored in the same batch commit
 * and fan out, and the consumer has nothing left pending. The edge refuses
 * every text Postgres would refuse, so the test makes Postgres refuse one
 * key with a check constraint of its own.
 */
describe('ingest poison handling (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite({ HERALD_POISON_MAX_ATTEMPTS: '2' });
  let tenantId: string;

  beforeAll(async () => {
    tenantId = (await h.seed.tenant()).tenantId;
    await h.seed.endpoint(tenantId, { url: 'https://a.example', eventTypes: ['*'] });
    await h.endpointsVisible(tenantId, 1);
    await h.sql.query(
      "ALTER TABLE ingest.messages ADD CONSTRAINT poison_probe CHECK (idempotency_key IS DISTINCT FROM 'poison-key')",
    );
  });

  it('rejects the event it cannot store and stores and fans out the 20 sent with it', async () => {
    const nats = h.app.get(NatsClient);
    const publisher = h.app.get(Publisher);
    const subject = nats.ns.ingestSubject(tenantId, 'order.paid');
    const send = (key: string) =>
      publisher.publishRaw(subject, new TextEncoder().encode(`{"key":"${key.length}"}`), {
        headers: { 'Herald-Idempotency-Key': key },
      });
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => send(`good-${i}`)),
      send('poison-key'),
      ...Array.from({ length: 10 }, (_, i) => send(`good-${i + 10}`)),
    ]);
    const rejection = await pollUntil(
      async () => {
        const rows = await h.sql.query<{ code: string; reason: string; tenant_id: string }>(
          "SELECT code, reason, tenant_id FROM ingest.rejections WHERE source = 'nats'",
        );
        return rows.rows[0];
      },
      { what: 'the unstorable event rejected', timeoutMs: 30_000 },
    );
    expect(rejection.code).toBe('processing_failed');
    expect(rejection.tenant_id).toBe(tenantId);
    expect(rejection.reason).toMatch(/failed 2 times/);
    const stored = await h.sql.query<{ key: string }>(
      'SELECT m.idempotency_key AS key FROM ingest.messages m JOIN ingest.fan_outs f ON f.message_id = m.id',
    );
    expect(stored.rows.map((r) => r.key).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `good-${i}`).sort(),
    );
    await pollUntil(
      async () => {
        const info = await nats.jsm.consumers.info(nats.ns.stream('ingest'), 'ingest-ingest');
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      { what: 'the ingest consumer drained' },
    );
  });
});
