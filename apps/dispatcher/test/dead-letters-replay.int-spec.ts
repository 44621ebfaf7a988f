import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deliveryTaskId } from '@herald/contracts';
import { DeadLettersHarness, type ReplayRecord } from './dead-letters.fixtures.js';

/** Bulk replay and endpoint recovery: jobs, audit, roles and isolation (real NATS + Postgres). */
describe('dead letters: replay', () => {
  let h: DeadLettersHarness;

  beforeAll(async () => {
    h = await DeadLettersHarness.start({ HERALD_REPLAY_RATE: '200' });
  });
  afterAll(() => h?.stop());

  it('dry run counts what would be replayed, publishes nothing, marks nothing, and is audited', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const tasks = [
      await h.deadLetter(endpoint, { statusCode: 503 }),
      await h.deadLetter(endpoint, { statusCode: 503 }),
      await h.deadLetter(endpoint, { statusCode: 500 }),
    ];
    const before = (await h.published()).length;

    const dry = await h.api('POST', '/v1/dead-letters/replay', apiKey, {
      statusCode: 503,
      dryRun: true,
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ matched: 2, dryRun: true });
    expect((await h.published()).length).toBe(before);
    const rows = await h.rows(tasks.map((t) => t.messageId));
    expect(rows.every((r) => r.replayed_at === null && r.replay_count === 0)).toBe(true);

    const audit = await h.api<ReplayRecord>('GET', `/v1/replays/${dry.body.replayId}`, apiKey);
    expect(audit.body).toMatchObject({
      kind: 'dead_letters',
      dryRun: true,
      matched: 2,
      published: 0,
      status: 'done',
      filters: { statusCode: 503, includeReplayed: false },
    });
  });

  it('replays the matching dead letters as fresh tasks in a new chain and marks them', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const wanted = [
      await h.deadLetter(endpoint, { eventType: 'invoice.paid', payload: '{"b":1,  "a":[2]}' }),
      await h.deadLetter(endpoint, { eventType: 'invoice.paid' }),
    ];
    const other = await h.deadLetter(endpoint, { eventType: 'user.created' });

    const started = await h.api('POST', '/v1/dead-letters/replay', apiKey, {
      endpointId: endpoint.id,
      eventType: 'invoice.paid',
    });
    expect(started.status).toBe(202);
    const { replayId, matched } = started.body;
    expect(replayId).toMatch(/^rpl_[0-9a-f-]{36}$/);
    expect(matched).toBe(2);

    const audit = await h.finished(apiKey, replayId);
    expect(audit).toMatchObject({ status: 'done', matched: 2, published: 2, dryRun: false });
    expect(audit.finishedAt).not.toBeNull();

    const published = (await h.published()).filter((p) => p.task.replayId === replayId);
    expect(published.map((p) => p.task.messageId).sort()).toEqual(
      wanted.map((t) => t.messageId).sort(),
    );
    for (const { task, msgId } of published) {
      const original = wanted.find((t) => t.messageId === task.messageId);
      expect(task).toEqual({ ...original, attempt: 1, notBefore: null, replayId });
      expect(msgId).toBe(deliveryTaskId(task));
      expect(msgId).toBe(`${task.messageId}:${endpoint.id}:${replayId}:1`);
    }

    const rows = await h.rows([...wanted, other].map((t) => t.messageId));
    const byMessage = new Map(rows.map((r) => [r.message_id, r]));
    for (const task of wanted) {
      expect(byMessage.get(task.messageId)).toMatchObject({
        replay_count: 1,
        last_replay_id: replayId,
        replayed_at: expect.any(Date),
      });
    }
    expect(byMessage.get(other.messageId)).toMatchObject({ replay_count: 0, replayed_at: null });

    const listed = await h.api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`, apiKey);
    const item = listed.body.data.find((d) => d.messageId === wanted[0]?.messageId);
    expect(item).toMatchObject({ replayCount: 1, lastReplayId: replayId });
    expect(item?.replayedAt).toEqual(expect.any(String));
  });

  it('takes only dead letters no replay took yet, unless includeReplayed is set', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const first = await h.deadLetter(endpoint);
    const one = await h.api('POST', '/v1/dead-letters/replay', apiKey, {});
    await h.finished(apiKey, one.body.replayId);
    const second = await h.deadLetter(endpoint);

    const again = await h.api('POST', '/v1/dead-letters/replay', apiKey, {});
    expect(again.body.matched).toBe(1);
    await h.finished(apiKey, again.body.replayId);
    const inSecond = (await h.published()).filter((p) => p.task.replayId === again.body.replayId);
    expect(inSecond.map((p) => p.task.messageId)).toEqual([second.messageId]);

    const all = await h.api('POST', '/v1/dead-letters/replay', apiKey, { includeReplayed: true });
    expect(all.body.matched).toBe(2);
    await h.finished(apiKey, all.body.replayId);
    const [row] = await h.rows([first.messageId]);
    expect(row).toMatchObject({ replay_count: 2, last_replay_id: all.body.replayId });
  });

  it('recovers an endpoint: replays its dead letters since the given time, and nothing else', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const neighbour = await h.endpoint(tenantId);
    const old = await h.deadLetter(endpoint);
    await h.backdate(old.messageId, '2026-01-01T00:00:00Z');
    const since = new Date(Date.now() - 60_000).toISOString();
    const recent = [await h.deadLetter(endpoint), await h.deadLetter(endpoint)];
    await h.deadLetter(neighbour);

    const dry = await h.api('POST', `/v1/endpoints/${endpoint.id}/recover`, apiKey, {
      since,
      dryRun: true,
    });
    expect(dry).toMatchObject({ status: 200, body: { matched: 2 } });

    const started = await h.api('POST', `/v1/endpoints/${endpoint.id}/recover`, apiKey, { since });
    expect(started.status).toBe(202);
    const audit = await h.finished(apiKey, started.body.replayId);
    expect(audit).toMatchObject({
      kind: 'recover',
      matched: 2,
      published: 2,
      filters: { endpointId: endpoint.id, since },
    });
    const replayed = (await h.published()).filter((p) => p.task.replayId === audit.id);
    expect(replayed.map((p) => p.task.messageId).sort()).toEqual(
      recent.map((t) => t.messageId).sort(),
    );
  });

  it('paces a job at HERALD_REPLAY_RATE, measured by when JetStream stored each task', async () => {
    await h.restart({ HERALD_REPLAY_RATE: '5' });
    try {
      const { tenantId, apiKey } = await h.tenant();
      const endpoint = await h.endpoint(tenantId);
      for (let i = 0; i < 10; i++) await h.deadLetter(endpoint);

      const started = await h.api('POST', '/v1/dead-letters/replay', apiKey, {});
      await h.finished(apiKey, started.body.replayId, 10_000);
      const stored = (await h.published())
        .filter((p) => p.task.replayId === started.body.replayId)
        .map((p) => p.storedAt);
      expect(stored).toHaveLength(10);
      const span = Math.max(...stored) - Math.min(...stored);
      // 10 tasks at 5/s: the first at once, the other nine 200 ms apart.
      expect(span).toBeGreaterThanOrEqual(1_500);
      expect(span).toBeLessThan(4_000);
    } finally {
      await h.restart({ HERALD_REPLAY_RATE: '200' });
    }
  });

  it('limits running jobs per tenant: one more answers 429 with Retry-After', async () => {
    await h.restart({ HERALD_REPLAY_RATE: '1', HERALD_REPLAY_MAX_RUNNING: '2' });
    try {
      const { tenantId, apiKey } = await h.tenant();
      const endpoint = await h.endpoint(tenantId);
      for (let i = 0; i < 5; i++) await h.deadLetter(endpoint);

      const a = await h.api('POST', '/v1/dead-letters/replay', apiKey, {});
      const b = await h.api('POST', '/v1/dead-letters/replay', apiKey, { includeReplayed: true });
      expect([a.status, b.status]).toEqual([202, 202]);
      const c = await h.api('POST', '/v1/dead-letters/replay', apiKey, {});
      expect(c.status).toBe(429);
      expect(c.body.error.code).toBe('rate_limited');
      expect(Number(c.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // A dry run only counts, so it is never limited; another tenant has its own budget.
      const dry = await h.api('POST', '/v1/dead-letters/replay', apiKey, { dryRun: true });
      expect(dry.status).toBe(200);
      const other = await h.tenant();
      const theirs = await h.api('POST', '/v1/dead-letters/replay', other.apiKey, {});
      expect(theirs.status).toBe(202);
    } finally {
      await h.restart({ HERALD_REPLAY_RATE: '200', HERALD_REPLAY_MAX_RUNNING: '3' });
    }
  });

  it('lets a viewer key read replays but never start one (403)', async () => {
    const { tenantId } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    await h.deadLetter(endpoint);
    const viewer = await h.key(tenantId, 'viewer');

    const bulk = await h.api('POST', '/v1/dead-letters/replay', viewer, { dryRun: true });
    expect(bulk).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const recover = await h.api('POST', `/v1/endpoints/${endpoint.id}/recover`, viewer, {
      since: '2026-01-01T00:00:00Z',
    });
    expect(recover.status).toBe(403);

    const configurator = await h.key(tenantId, 'configurator');
    const allowed = await h.api('POST', '/v1/dead-letters/replay', configurator, { dryRun: true });
    expect(allowed.status).toBe(200);
    const audit = await h.api<ReplayRecord>('GET', `/v1/replays/${allowed.body.replayId}`, viewer);
    expect(audit.status).toBe(200);
    expect(audit.body.keyId).not.toBe('');
    expect((await h.published()).filter((p) => p.task.tenantId === tenantId)).toHaveLength(0);
  });

  it("answers 404 for another tenant's endpoint or replay, and replays only the caller's dead letters", async () => {
    const acme = await h.tenant();
    const globex = await h.tenant();
    const acmeEndpoint = await h.endpoint(acme.tenantId);
    const globexEndpoint = await h.endpoint(globex.tenantId);
    await h.deadLetter(acmeEndpoint);
    const theirs = await h.deadLetter(globexEndpoint);

    const recover = await h.api('POST', `/v1/endpoints/${acmeEndpoint.id}/recover`, globex.apiKey, {
      since: '2026-01-01T00:00:00Z',
    });
    expect(recover).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const unknown = await h.api('POST', '/v1/endpoints/nope/recover', globex.apiKey, {
      since: '2026-01-01T00:00:00Z',
    });
    expect(unknown.status).toBe(404);

    // Filtering by another tenant's endpoint matches nothing.
    const byTheirEndpoint = await h.api('POST', '/v1/dead-letters/replay', globex.apiKey, {
      endpointId: acmeEndpoint.id,
      dryRun: true,
    });
    expect(byTheirEndpoint.body.matched).toBe(0);

    const started = await h.api('POST', '/v1/dead-letters/replay', globex.apiKey, {});
    expect(started.body.matched).toBe(1);
    await h.finished(globex.apiKey, started.body.replayId);
    const replayed = (await h.published()).filter((p) => p.task.replayId === started.body.replayId);
    expect(replayed.map((p) => p.task.messageId)).toEqual([theirs.messageId]);

    const audit = await h.api('GET', `/v1/replays/${started.body.replayId}`, acme.apiKey);
    expect(audit.status).toBe(404);
  });

  it('refuses bodies with unknown fields or bad values (400)', async () => {
    const { apiKey } = await h.tenant();
    for (const body of [{ tenantId: 'x' }, { dryRun: 'yes' }, { since: 'yesterday' }]) {
      const { status } = await h.api('POST', '/v1/dead-letters/replay', apiKey, body);
      expect({ body, status }).toEqual({ body, status: 400 });
    }
  });
});
