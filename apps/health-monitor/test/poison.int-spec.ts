import { beforeAll, describe, expect, it } from '@jest/globals';
import { partitionOf } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { pollUntil } from '@herald/testing';
import { outcomeFor, sample, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

const ADMIN_TOKEN = 'quarantine-admin-token-0123';

/**
 * Poison on `attempt.v1` (real NATS + Postgres): a row Postgres refuses is
 * isolated from its batch, the good rows commit, and the bad outcome ends in
 * the quarantine after its attempts; undecodable messages go there at once.
 * Operators see both on GET /v1/quarantine and in herald_quarantined_total.
 */
describe('health-monitor poison handling', () => {
  const h = harnessForSuite({
    HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
    HERALD_POISON_MAX_ATTEMPTS: '2',
    // Batches gather for a while, so the bad outcome is written with good ones.
    HERALD_ATTEMPT_BATCH_WAIT: '200ms',
  });
  let acme: SeededTenant;
  let publisher: Publisher;

  beforeAll(async () => {
    acme = await h.tenant();
    publisher = new Publisher(h.nats);
  });

  const quarantine = async () => {
    const response = await h.send('GET', '/v1/quarantine', ADMIN_TOKEN);
    expect(response.status).toBe(200);
    return (
      response.body as { data: { subject: string; code: string; reason: string; data: string }[] }
    ).data;
  };

  it('commits the good outcomes of a batch and quarantines the one Postgres refuses', async () => {
    const good = Array.from({ length: 10 }, () => outcomeFor(acme));
    // Valid for the contract, refused by Postgres (`at` is no time): it fails its batch.
    const bad = outcomeFor(acme, { at: 'not a time' });
    await Promise.all(
      [...good.slice(0, 5), bad, ...good.slice(5)].map((o) =>
        publisher.publish('attempt.v1', o.endpointId, o, o.attemptId),
      ),
    );
    await pollUntil(async () => (await quarantine()).some((q) => q.data.includes(bad.attemptId)), {
      what: 'the bad outcome quarantined',
      timeoutMs: 30_000,
    });
    const stored = await h.query<{ attempt_id: string }>(
      'SELECT attempt_id FROM attempts WHERE attempt_id = ANY($1)',
      [[...good, bad].map((o) => o.attemptId)],
    );
    expect(stored.map((r) => r.attempt_id).sort()).toEqual(good.map((o) => o.attemptId).sort());
    const record = (await quarantine()).find((q) => q.data.includes(bad.attemptId))!;
    expect(record.code).toBe('processing_failed');
    expect(record.reason).toMatch(/failed 2 times; last error: .*timestamp/);
    const stream = h.nats.ns.stream('attempt.v1');
    const durable = h.nats.ns.partitionConsumer(
      'attempt.v1',
      'health-monitor',
      partitionOf(acme.endpointId),
    );
    await pollUntil(
      async () => {
        const info = await h.nats.jsm.consumers.info(stream, durable);
        return info.num_ack_pending === 0 && info.num_pending === 0;
      },
      { what: "the attempt consumer of the endpoint's partition drained" },
    );
  });

  it('quarantines an undecodable message with its bytes escaped, and counts it', async () => {
    const before = sample(await h.metrics(), 'herald_quarantined_total', { topic: 'attempt.v1' });
    await h.nats.js.publish(
      h.nats.ns.subject('attempt.v1', 'ep-x'),
      Uint8Array.from([0x7b, 0x00, 0xff, 0x7d]),
    );
    await pollUntil(async () => (await quarantine()).some((q) => q.code === 'undecodable'), {
      what: 'the undecodable message quarantined',
    });
    const record = (await quarantine()).find((q) => q.code === 'undecodable')!;
    expect(record.data).toBe('{\\u0000\\xff}');
    expect(record.subject).toBe(h.nats.ns.subject('attempt.v1', 'ep-x'));
    expect(sample(await h.metrics(), 'herald_quarantined_total', { topic: 'attempt.v1' })).toBe(
      before + 1,
    );
  });

  it('lists the quarantine to the admin token only', async () => {
    expect((await h.get('/v1/quarantine')).status).toBe(401);
    expect((await h.get('/v1/quarantine', 'not-the-token')).status).toBe(401);
    expect((await h.get('/v1/quarantine', acme.apiKey)).status).toBe(401);
    expect((await h.get('/v1/quarantine?limit=0', ADMIN_TOKEN)).status).toBe(400);
  });
});
