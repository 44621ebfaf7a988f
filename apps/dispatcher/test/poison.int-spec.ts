import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

const ADMIN_TOKEN = 'dispatcher-poison-admin-0123';

/**
 * Poison on `deliver.v1` (real NATS + Postgres): a task the dispatcher can
 * read but not process ends, after its attempts, as a dead letter
 * `processing_failed` the tenant can see and replay; bytes that are not a
 * delivery task go to the quarantine at once. Neither is retried forever,
 * and the tasks published after them are delivered meanwhile.
 */
describe('dispatcher poison handling (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
    HERALD_POISON_MAX_ATTEMPTS: '2',
    HERALD_PARK_AFTER: '300ms',
  });

  const quarantine = async () => {
    const response = await fetch(`${await h.url}/v1/quarantine`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: { subject: string; code: string; data: string }[] })
      .data;
  };

  it('dead-letters a task it cannot process after its attempts, and keeps delivering others', async () => {
    // A long pause parks the paused endpoint's tasks in Postgres; Postgres refuses this one.
    const paused = await h.putEndpoint(endpointAt(h.receiver.url('/paused')));
    await h.pause(paused, Date.now() + 60_000);
    const poison = taskFor(paused, '{"poison":true}');
    await h.db.query(
      `ALTER TABLE parked_tasks ADD CONSTRAINT poison_probe CHECK (task NOT LIKE '%${poison.messageId}%')`,
    );
    const healthy = await h.putEndpoint(endpointAt(h.receiver.url('/healthy')));
    await h.publishTask(poison);
    for (let i = 0; i < 10; i += 1) await h.publishTask(taskFor(healthy, `{"n":${i}}`));

    await pollUntil(() => h.receiver.on('/healthy').length === 10, {
      what: 'the 10 tasks published after the poison one',
    });
    const dead = await pollUntil(
      async () => {
        const rows = await h.db.query<{ reason: string; last_error: string; tenant_id: string }[]>(
          'SELECT reason, last_error, tenant_id FROM dead_letters WHERE message_id = $1',
          [poison.messageId],
        );
        return rows[0];
      },
      { what: 'the poison task dead-lettered', timeoutMs: 30_000 },
    );
    expect(dead.reason).toBe('processing_failed');
    expect(dead.tenant_id).toBe(poison.tenantId);
    expect(dead.last_error).toMatch(/poison_probe/);
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, {
      what: 'nothing left pending or unacknowledged',
    });
    expect(
      await h.metric('herald_dispatcher_dead_letters_total', { reason: 'processing_failed' }),
    ).toBe(1);
    expect(h.receiver.on('/paused')).toHaveLength(0);
  });

  it('hands back alone a task of a batch that fails, and delivers the rest of the batch once', async () => {
    const paused = await h.putEndpoint(endpointAt(h.receiver.url('/paused-batched')));
    await h.pause(paused, Date.now() + 60_000);
    const poison = taskFor(paused, '{"poison":"batched"}');
    await h.db.query(
      `ALTER TABLE parked_tasks ADD CONSTRAINT poison_probe_batch CHECK (task NOT LIKE '%${poison.messageId}%')`,
    );
    const healthy = await h.putEndpoint(endpointAt(h.receiver.url('/healthy-batched')));
    const others = Array.from({ length: 5 }, (_, i) => taskFor(healthy, `{"n":${i}}`));
    await h.publishBatch([others[0]!, poison, ...others.slice(1)]);

    const dead = await pollUntil(
      async () =>
        (
          await h.db.query<{ reason: string }[]>(
            'SELECT reason FROM dead_letters WHERE message_id = $1',
            [poison.messageId],
          )
        )[0],
      { what: 'the failing task dead-lettered on its own', timeoutMs: 30_000 },
    );
    expect(dead.reason).toBe('processing_failed');
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, {
      what: 'nothing left pending or unacknowledged',
    });
    const ids = h.receiver.on('/healthy-batched').map((r) => r.headers['webhook-id']);
    expect(ids.sort()).toEqual(others.map((t) => t.messageId).sort());
  });

  it('quarantines bytes that are not a delivery task at once, and keeps delivering others', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/after-garbage')));
    await h.publishRaw(endpoint.id, Uint8Array.from([0x7b, 0x00, 0xff, 0x7d]));
    await h.publishRaw(endpoint.id, new TextEncoder().encode('{"not":"a task"}'));
    await h.publishTask(taskFor(endpoint));
    await pollUntil(() => h.receiver.on('/after-garbage').length === 1, {
      what: 'the task published after the garbage',
    });
    const records = await pollUntil(
      async () => {
        const all = await quarantine();
        return all.length >= 2 ? all : false;
      },
      { what: 'both messages quarantined' },
    );
    expect(records.map((r) => r.subject)).toEqual(
      Array(2).fill(expect.stringContaining(`.${endpoint.id}`)),
    );
    expect(records.map((r) => r.data)).toContain('{\\u0000\\xff}');
    expect(await h.metric('herald_quarantined_total', { topic: 'deliver.v1' })).toBe(2);
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, {
      what: 'nothing left pending or unacknowledged',
    });
  });
});
