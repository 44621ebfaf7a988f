import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { REGISTRY_KEYS, type ApiKeyRole } from '@herald/contracts';
import { encodeCursor } from '@herald/http-api';
import { openRegistryBucket, RegistryView } from '@herald/registry-view';
import { generateApiKey, hashApiKey } from '@herald/api-auth';
import { pollUntil } from '@herald/testing';
import { outcomeFor, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

interface Page {
  data: { attemptId: string; endpointId: string; outcome: string; messageId: string }[];
  nextCursor: string | null;
}

/**
 * The attempt lists: filters and cursors, the error log, the tenant-wide
 * list, a message's attempts and deliveries; tenants and roles.
 */
describe('attempt lists (real NATS + Postgres)', () => {
  const h = harnessForSuite();
  let acme: SeededTenant;
  let globex: SeededTenant;
  const messageId = `msg_${randomUUID().replace(/-/g, '')}`;
  const ids: string[] = [];

  const get = async (path: string, key = acme.apiKey) => {
    const response = await h.get(path, key);
    return { status: response.status, body: (await response.json()) as Page };
  };

  /** A key of any role, written into the read model as the registry would. */
  const keyWithRole = async (tenantId: string, role: ApiKeyRole) => {
    const key = generateApiKey();
    const kv = await openRegistryBucket(h.nats);
    await kv.put(
      REGISTRY_KEYS.apiKey(hashApiKey(key)),
      JSON.stringify({ keyId: randomUUID(), tenantId, role }),
    );
    await pollUntil(() => h.app.get(RegistryView).apiKey(hashApiKey(key)), { what: 'key' });
    return key;
  };

  beforeAll(async () => {
    acme = await h.tenant();
    globex = await h.tenant();
    const at = (s: number) => new Date(Date.UTC(2026, 10, 22, 10, 0, s)).toISOString();
    const outcomes = [
      outcomeFor(acme, {
        messageId,
        outcome: 'failure',
        reason: 'http_status',
        statusCode: 500,
        final: false,
        nextAttemptAt: at(5),
        at: at(1),
      }),
      outcomeFor(acme, { messageId, attempt: 2, at: at(6) }),
      outcomeFor(acme, { eventType: 'order.paid', at: at(7) }),
      outcomeFor(acme, {
        outcome: 'failure',
        reason: 'timeout',
        statusCode: null,
        final: true,
        at: at(8),
      }),
    ];
    for (const outcome of outcomes) {
      await h.deliver(outcome);
      ids.push(outcome.attemptId);
    }
    await h.deliver(outcomeFor(globex, { messageId, at: at(9) }));
  });

  it('pages an endpoint’s attempts newest first without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await get(`/v1/endpoints/${acme.endpointId}/attempts${query}`);
      expect(status).toBe(200);
      seen.push(...body.data.map((a) => a.attemptId));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by outcome, event type, message and time', async () => {
    const path = `/v1/endpoints/${acme.endpointId}/attempts`;
    const ids$ = async (query: string) =>
      (await get(`${path}?${query}`)).body.data.map((a) => a.attemptId);
    expect(await ids$('outcome=failure')).toEqual([ids[3], ids[0]]);
    expect(await ids$('eventType=order.paid')).toEqual([ids[2]]);
    expect(await ids$(`messageId=${messageId}`)).toEqual([ids[1], ids[0]]);
    expect(await ids$('since=2026-11-22T10:00:06Z&until=2026-11-22T10:00:08Z')).toEqual([
      ids[2],
      ids[1],
    ]);
    for (const bad of [
      'outcome=maybe',
      'since=soon',
      'cursor=zzz',
      `cursor=${encodeCursor(['x'])}`,
    ]) {
      expect((await get(`${path}?${bad}`)).status).toBe(400);
    }
  });

  it('serves the error log: failures only', async () => {
    const { body } = await get(`/v1/endpoints/${acme.endpointId}/failures`);
    expect(body.data.map((a) => a.attemptId)).toEqual([ids[3], ids[0]]);
    expect(body.data.every((a) => a.outcome === 'failure')).toBe(true);
    const foreign = await get(`/v1/endpoints/${globex.endpointId}/failures`);
    expect(foreign.status).toBe(404);
  });

  it('lists the tenant’s attempts across endpoints, never another tenant’s', async () => {
    const { body } = await get('/v1/attempts');
    expect(body.data.map((a) => a.attemptId)).toEqual([...ids].reverse());
    const theirs = await get('/v1/attempts', globex.apiKey);
    expect(theirs.body.data).toHaveLength(1);
    expect(ids).not.toContain(theirs.body.data[0]?.attemptId);
  });

  it('shows one message’s attempts and where it stands at each endpoint', async () => {
    const attempts = await get(`/v1/messages/${messageId}/attempts`);
    expect(attempts.body.data.map((a) => a.attemptId)).toEqual([ids[0], ids[1]]);
    const deliveries = await h.get(`/v1/messages/${messageId}/deliveries`, acme.apiKey);
    expect(await deliveries.json()).toEqual({
      data: [
        expect.objectContaining({ endpointId: acme.endpointId, status: 'delivered', attempts: 2 }),
      ],
    });
    // The same message id under another tenant shows only that tenant's attempt.
    const theirs = await get(`/v1/messages/${messageId}/attempts`, globex.apiKey);
    expect(theirs.body.data.map((a) => a.attemptId)).not.toContain(ids[0]);
    expect((await get('/v1/messages/msg_unknown/attempts')).status).toBe(404);
    expect((await get('/v1/messages/msg_unknown/deliveries')).status).toBe(404);
  });

  it('lets every reading role in, refuses publisher keys (403) and missing keys (401)', async () => {
    const routes = [
      `/v1/endpoints/${acme.endpointId}/attempts`,
      `/v1/endpoints/${acme.endpointId}/failures`,
      '/v1/attempts',
      `/v1/messages/${messageId}/attempts`,
      `/v1/messages/${messageId}/deliveries`,
    ];
    const viewer = await keyWithRole(acme.id, 'viewer');
    const configurator = await keyWithRole(acme.id, 'configurator');
    const publisher = await keyWithRole(acme.id, 'publisher');
    for (const route of routes) {
      expect((await h.get(route, viewer)).status).toBe(200);
      expect((await h.get(route, configurator)).status).toBe(200);
      expect((await h.get(route, publisher)).status).toBe(403);
      expect((await h.get(route)).status).toBe(401);
    }
  });
});
