import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadLettersHarness, outcomeOf, type DeadLetterItem } from './dead-letters.fixtures.js';

/** Recording dead letters and reading them through the tenant API (real NATS + Postgres). */
describe('dead letters: record and read', () => {
  let h: DeadLettersHarness;
  let acme: { tenantId: string; apiKey: string };

  beforeAll(async () => {
    h = await DeadLettersHarness.start();
    acme = await h.tenant();
  });
  afterAll(() => h?.stop());

  it('keeps one row per chain: a chain that dies again updates it and makes it replayable again', async () => {
    const endpoint = await h.endpoint(acme.tenantId);
    const task = await h.deadLetter(endpoint, { statusCode: 500 });
    const [first] = await h.rows([task.messageId]);
    await h.db.query(
      "UPDATE dead_letters SET replayed_at = now(), replay_count = 1, last_replay_id = 'rpl_a' WHERE id = $1",
      [first?.id],
    );

    const again = { ...task, attempt: 5 };
    await h.store.record({
      task: again,
      reason: 'endpoint_gone',
      lastOutcome: outcomeOf(again, 410),
    });
    const rows = await h.rows([task.messageId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first?.id,
      chain: '',
      attempts: 5,
      reason: 'endpoint_gone',
      last_status_code: 410,
      last_reason: 'http_status',
      last_error: 'HTTP 410',
      replayed_at: null,
      replay_count: 1,
      last_replay_id: 'rpl_a',
    });
    expect(rows[0]?.dead_at.getTime()).toBeGreaterThan(first?.dead_at.getTime() ?? Infinity);

    // A replay's chain that dies is a dead letter of its own.
    const replayed = { ...task, attempt: 2, replayId: 'rpl_a' };
    await h.store.record({
      task: replayed,
      reason: 'exhausted',
      lastOutcome: outcomeOf(replayed, 503),
    });
    expect((await h.rows([task.messageId])).map((r) => r.chain)).toEqual(['', 'rpl_a']);
  });

  it('records a hold that expired before any attempt with no last outcome and 0 attempts', async () => {
    const endpoint = await h.endpoint(acme.tenantId);
    const task = { ...(await h.deadLetter(endpoint)), messageId: 'msg_held', attempt: 1 };
    await h.store.record({ task, reason: 'hold_expired', lastOutcome: null });
    const [row] = await h.rows(['msg_held']);
    expect(row).toMatchObject({ attempts: 0, reason: 'hold_expired', last_status_code: null });
  });

  it('lists newest first without payloads, and reads one with its payload', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const older = await h.deadLetter(endpoint, { payload: '{"z":1,  "a":2}' });
    const newer = await h.deadLetter(endpoint, { statusCode: null });

    const list = await h.api('GET', '/v1/dead-letters', apiKey);
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.data.map((d) => d.messageId)).toEqual([newer.messageId, older.messageId]);
    expect(list.body.data[0]).toEqual({
      id: expect.any(String),
      endpointId: endpoint.id,
      messageId: newer.messageId,
      eventType: 'invoice.paid',
      channel: null,
      replayId: null,
      messageCreatedAt: newer.createdAt,
      attempts: 3,
      reason: 'exhausted',
      lastStatusCode: null,
      lastReason: 'timeout',
      lastError: 'no response within 15 s',
      deadAt: expect.any(String),
      replayedAt: null,
      replayCount: 0,
      lastReplayId: null,
    });

    const one = await h.api<DeadLetterItem>(
      'GET',
      `/v1/dead-letters/${list.body.data[1]?.id}`,
      apiKey,
    );
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ messageId: older.messageId, payload: '{"z":1,  "a":2}' });
  });

  it('filters by endpoint, event type, status code and time range', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const a = await h.endpoint(tenantId);
    const b = await h.endpoint(tenantId);
    const a500 = await h.deadLetter(a, { statusCode: 500, eventType: 'invoice.paid' });
    const a503 = await h.deadLetter(a, { statusCode: 503, eventType: 'user.created' });
    const b500 = await h.deadLetter(b, { statusCode: 500, eventType: 'user.created' });
    await h.backdate(a500.messageId, '2026-01-01T00:00:00Z');
    await h.backdate(a503.messageId, '2026-02-01T00:00:00Z');
    await h.backdate(b500.messageId, '2026-03-01T00:00:00Z');

    const ids = async (query: string) => {
      const { status, body } = await h.api('GET', `/v1/dead-letters?${query}`, apiKey);
      expect(status).toBe(200);
      return body.data.map((d) => d.messageId);
    };
    expect(await ids(`endpointId=${a.id}`)).toEqual([a503.messageId, a500.messageId]);
    expect(await ids('eventType=user.created')).toEqual([b500.messageId, a503.messageId]);
    expect(await ids('statusCode=500')).toEqual([b500.messageId, a500.messageId]);
    expect(await ids('since=2026-02-01T00:00:00Z')).toEqual([b500.messageId, a503.messageId]);
    expect(await ids('until=2026-02-01T00:00:00Z')).toEqual([a500.messageId]);
    expect(await ids(`endpointId=${a.id}&statusCode=500&since=2025-12-01T00:00:00Z`)).toEqual([
      a500.messageId,
    ]);
  });

  it('pages with a cursor: every dead letter exactly once, even when they died at the same instant', async () => {
    const { tenantId, apiKey } = await h.tenant();
    const endpoint = await h.endpoint(tenantId);
    const tasks = [];
    for (let i = 0; i < 7; i++) tasks.push(await h.deadLetter(endpoint));
    await h.db.query(
      "UPDATE dead_letters SET dead_at = '2026-11-20T10:00:00.123456Z' WHERE endpoint_id = $1 AND message_id = ANY($2)",
      [endpoint.id, tasks.slice(2, 6).map((t) => t.messageId)],
    );

    const seen: string[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const { status, body } = await h.api('GET', `/v1/dead-letters?limit=3${query}`, apiKey);
      expect(status).toBe(200);
      pages.push(body.data.length);
      seen.push(...body.data.map((d) => d.messageId));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(pages).toEqual([3, 3, 1]);
    expect([...seen].sort()).toEqual(tasks.map((t) => t.messageId).sort());
  });

  it('refuses a bad page size, an unknown filter and a forged cursor with 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'tenantId=x', 'cursor=abc', 'since=yesterday']) {
      const { status, body } = await h.api('GET', `/v1/dead-letters?${query}`, acme.apiKey);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error.code).toBe('validation_failed');
    }
  });

  it('lets a viewer key read', async () => {
    const viewer = await h.key(acme.tenantId, 'viewer');
    const { status, body } = await h.api('GET', '/v1/dead-letters', viewer);
    expect(status).toBe(200);
    expect(body.data.length).toBeGreaterThan(0);
  });

  it("never shows another tenant's dead letters: not in lists, 404 by id", async () => {
    const other = await h.tenant();
    const endpoint = await h.endpoint(acme.tenantId);
    const task = await h.deadLetter(endpoint);
    const [row] = await h.rows([task.messageId]);

    const list = await h.api('GET', `/v1/dead-letters?endpointId=${endpoint.id}`, other.apiKey);
    expect(list).toMatchObject({ status: 200, body: { data: [] } });
    const one = await h.api('GET', `/v1/dead-letters/${row?.id}`, other.apiKey);
    expect(one).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await h.api('GET', '/v1/dead-letters/not-a-uuid', acme.apiKey)).status).toBe(404);
  });

  it('answers 401 without a valid API key', async () => {
    const { status, body } = await h.api('GET', '/v1/dead-letters', 'hrld_unknown');
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
  });
});
