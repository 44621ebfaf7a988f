import { beforeAll, describe, expect, it } from '@jest/globals';
import { outcomeFor, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

describe('GET /v1/endpoints/:id/attempts (real NATS + Postgres)', () => {
  const h = harnessForSuite();
  let acme: SeededTenant;
  let globex: SeededTenant;

  beforeAll(async () => {
    acme = await h.tenant();
    globex = await h.tenant();
  });

  it("lists an endpoint's attempts newest first, with every field, honouring limit", async () => {
    const t0 = Date.parse('2026-11-22T10:00:00.000Z');
    const oldest = outcomeFor(acme, { at: new Date(t0).toISOString() });
    const newest = outcomeFor(acme, { at: new Date(t0 + 2_000).toISOString() });
    /** The failed attempt's fields, as published and as listed. */
    const failed = {
      attempt: 2,
      outcome: 'failure',
      reason: 'http_status',
      statusCode: 502,
      error: 'HTTP 502',
      latencyMs: 1234.5,
      responseBody: 'bad gateway',
      final: false,
    } as const;
    const middle = outcomeFor(acme, {
      ...failed,
      at: new Date(t0 + 1_000).toISOString(),
      nextAttemptAt: new Date(t0 + 60_000).toISOString(),
    });
    for (const outcome of [oldest, newest, middle]) await h.deliver(outcome);

    const response = await h.get(`/v1/endpoints/${acme.endpointId}/attempts`, acme.apiKey);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Record<string, unknown>[] };
    expect(data.map((a) => a['attemptId'])).toEqual([
      newest.attemptId,
      middle.attemptId,
      oldest.attemptId,
    ]);
    expect(data[1]).toEqual({
      attemptId: middle.attemptId,
      endpointId: acme.endpointId,
      messageId: middle.messageId,
      eventType: 'invoice.paid',
      ...failed,
      nextAttemptAt: '2026-11-22T10:01:00.000Z',
      at: '2026-11-22T10:00:01.000Z',
    });

    const limited = await h.get(`/v1/endpoints/${acme.endpointId}/attempts?limit=2`, acme.apiKey);
    const page = (await limited.json()) as { data: { attemptId: string }[] };
    expect(page.data.map((a) => a.attemptId)).toEqual([newest.attemptId, middle.attemptId]);

    // One message's attempts: the link that delivery alerts carry.
    const path = `/v1/endpoints/${acme.endpointId}/attempts?messageId=${middle.messageId}`;
    const one = (await (await h.get(path, acme.apiKey)).json()) as {
      data: { attemptId: string }[];
    };
    expect(one.data.map((a) => a.attemptId)).toEqual([middle.attemptId]);
  });

  it('rejects a limit outside 1..500 with 400 naming the field', async () => {
    for (const limit of ['0', '501', 'abc', '1.5']) {
      const path = `/v1/endpoints/${acme.endpointId}/attempts?limit=${limit}`;
      const response = await h.get(path, acme.apiKey);
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        error: { code: string; details: { field: string }[] };
      };
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.map((d) => d.field)).toEqual(['limit']);
    }
    const max = await h.get(`/v1/endpoints/${acme.endpointId}/attempts?limit=500`, acme.apiKey);
    expect(max.status).toBe(200);
  });

  it('answers 401 without an API key or with an unknown one', async () => {
    expect((await h.get(`/v1/endpoints/${acme.endpointId}/attempts`)).status).toBe(401);
    const unknown = await h.get(`/v1/endpoints/${acme.endpointId}/attempts`, 'hrld_not-a-key');
    expect(unknown.status).toBe(401);
  });

  it("answers 404 for another tenant's endpoint and never shows its attempts", async () => {
    await h.deliver(outcomeFor(globex));
    const own = await h.get(`/v1/endpoints/${globex.endpointId}/attempts`, globex.apiKey);
    expect(((await own.json()) as { data: unknown[] }).data).toHaveLength(1);

    const foreign = await h.get(`/v1/endpoints/${globex.endpointId}/attempts`, acme.apiKey);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect((await h.get('/v1/endpoints/ep_nope/attempts', acme.apiKey)).status).toBe(404);
  });

  it('answers an empty list for an own endpoint that has no attempts yet', async () => {
    const fresh = await h.tenant();
    const response = await h.get(`/v1/endpoints/${fresh.endpointId}/attempts`, fresh.apiKey);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], nextCursor: null });
  });
});
