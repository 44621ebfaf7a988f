import { beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

interface Page {
  data: { id: string; eventType: string; channel: string | null; createdAt: string }[];
  nextCursor: string | null;
}

/** `GET /v1/messages`: filters, newest-first cursor pagination, tenant isolation, roles. */
describe('GET /v1/messages (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite();
  let tenant: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  const ids: string[] = [];

  const list = async (query: string, key = tenant.apiKey) => {
    const response = await h.request('GET', `/v1/messages${query}`, key);
    return { status: response.status, body: (await response.json()) as Page };
  };

  beforeAll(async () => {
    tenant = await h.seed.tenant('acme');
    other = await h.seed.tenant('globex');
    await pollUntil(() => h.view.tenant(other.tenantId), { what: 'tenants' });
    const events = [
      { type: 'order.paid', channel: 'web' },
      { type: 'order.paid', channel: 'sms' },
      { type: 'invoice.created', channel: 'web' },
      { type: 'order.paid', channel: 'web' },
      { type: 'x', channel: undefined },
    ];
    for (const [i, event] of events.entries()) {
      const response = await h.request('POST', '/v1/events', tenant.apiKey, {
        ...event,
        id: `list-${i}`,
        payload: { i },
      });
      ids.push(((await response.json()) as { id: string }).id);
      // Ingest stamps a message when it stores it, to the millisecond, and two
      // messages of one millisecond list by id. Each message is stored before
      // the next is posted, a millisecond later, so the order of posting is
      // the order of the list and a time filter can split it anywhere.
      await pollUntil(async () => (await list('')).body.data.length === i + 1, {
        what: `message ${i} stored`,
      });
      const stored = Date.now();
      await pollUntil(() => Date.now() > stored, { intervalMs: 1, what: 'the next millisecond' });
    }
    await h.request('POST', '/v1/events', other.apiKey, { type: 'order.paid', payload: {} });
    await pollUntil(async () => (await list('', other.apiKey)).body.data.length === 1, {
      what: 'the other tenant’s message fanned out',
    });
  });

  it('lists the caller’s messages newest first', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(body.data.map((m) => m.id)).toEqual([...ids].reverse());
    expect(body.nextCursor).toBeNull();
  });

  it('pages with a cursor without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const { body } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data.map((m) => m.id));
      cursor = body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by event type, channel and time', async () => {
    const paid = (await list('?eventType=order.paid')).body.data;
    expect(paid.map((m) => m.id)).toEqual([ids[3], ids[1], ids[0]]);
    const web = (await list('?eventType=order.paid&channel=web')).body.data;
    expect(web.map((m) => m.id)).toEqual([ids[3], ids[0]]);
    const all = (await list('')).body.data;
    const pivot = all[2]!.createdAt;
    const since = (await list(`?since=${encodeURIComponent(pivot)}`)).body.data;
    expect(since.map((m) => m.id)).toEqual(all.slice(0, 3).map((m) => m.id));
    const until = (await list(`?until=${encodeURIComponent(pivot)}`)).body.data;
    expect(until.map((m) => m.id)).toEqual(all.slice(3).map((m) => m.id));
  });

  it('refuses bad filters and cursors with 400', async () => {
    for (const query of ['?since=yesterday', '?limit=0', '?cursor=nonsense', '?other=1']) {
      expect((await list(query)).status).toBe(400);
    }
  });

  it('never shows another tenant’s messages; viewers may read, publishers may not', async () => {
    const theirs = (await list('', other.apiKey)).body.data;
    expect(theirs).toHaveLength(1);
    expect(ids).not.toContain(theirs[0]?.id);
    expect((await list('', await h.apiKey(tenant.tenantId, 'viewer'))).status).toBe(200);
    expect((await list('', await h.apiKey(tenant.tenantId, 'publisher'))).status).toBe(403);
  });
});
