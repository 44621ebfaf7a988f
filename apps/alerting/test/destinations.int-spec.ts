import { beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookReceiver } from '@herald/testing';
import { ADMIN_TOKEN, harnessForSuite, signalOf, startHarness } from './harness.js';

/** The alert-destinations API on real NATS and Postgres. */
describe('alert destinations API (real NATS + Postgres)', () => {
  const receiver = WebhookReceiver.forSuite();
  const h = harnessForSuite();
  let acme: { tenantId: string; apiKey: string };

  beforeAll(async () => {
    acme = await h.tenant();
  });

  const create = (apiKey: string, body: Record<string, unknown>) =>
    h.api('POST', '/v1/alert-destinations', apiKey, body);
  const postsTo = (path: string) => receiver.on(path);

  it('creates a destination and shows its token once', async () => {
    const created = await create(acme.apiKey, {
      url: receiver.url('/created'),
      kinds: ['endpoint.paused', 'endpoint.disabled'],
      description: 'on-call',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      scope: 'tenant',
      tenantId: acme.tenantId,
      url: receiver.url('/created'),
      token: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      enabled: true,
      kinds: ['endpoint.paused', 'endpoint.disabled'],
      description: 'on-call',
      managedBy: 'api',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      tokenRotatedAt: expect.any(String),
    });
    const id = String(created.body.id);
    const read = await h.api('GET', `/v1/alert-destinations/${id}`, acme.apiKey);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('token');
    const list = await h.api('GET', '/v1/alert-destinations', acme.apiKey);
    expect(JSON.stringify(list.body)).not.toContain(String(created.body.token));
    expect((list.body.data as { id: string }[]).map((d) => d.id)).toContain(id);
  });

  it('accepts HTTPS only, unless the development allow-list covers the address', async () => {
    for (const url of [
      'http://ops.example.com/alerts',
      'ftp://ops.example.com/',
      'https://10.1.2.3/alerts',
      'https://user:pw@ops.example.com/',
      'not a url',
    ]) {
      const refused = await create(acme.apiKey, { url });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        error: { code: 'validation_failed', details: [{ field: 'url' }] },
      });
    }
    expect((await create(acme.apiKey, { url: 'https://ops.example.com/alerts' })).status).toBe(201);
    // 127.0.0.0/8 is allow-listed in these tests, so plain http reaches the local receiver.
    expect((await create(acme.apiKey, { url: receiver.url('/local') })).status).toBe(201);
  });

  it('validates kinds and refuses unknown fields', async () => {
    for (const body of [
      { url: 'https://ops.example.com/', kinds: ['nope'] },
      { url: 'https://ops.example.com/', kinds: [] },
      { url: 'https://ops.example.com/', kinds: ['test'] },
      { url: 'https://ops.example.com/', token: 'mine' },
    ]) {
      expect((await create(acme.apiKey, body)).status).toBe(400);
    }
  });

  it('rotates the token: the new one is shown once and signs from then on, the old one stops', async () => {
    receiver.respond('/rotated', () => ({ status: 204 }));
    const created = await create(acme.apiKey, { url: receiver.url('/rotated') });
    const id = String(created.body.id);
    const rotated = await h.api('POST', `/v1/alert-destinations/${id}/token/rotate`, acme.apiKey);
    expect(rotated.status).toBe(200);
    const token = String(rotated.body.token);
    expect(token).toMatch(/^whsec_/);
    expect(token).not.toBe(created.body.token);
    expect(rotated.body.tokenRotatedAt).not.toBe(created.body.tokenRotatedAt);
    const tested = await h.api('POST', `/v1/alert-destinations/${id}/test`, acme.apiKey);
    expect(tested.body.status).toBe('sent');
    expect(postsTo('/rotated').map((r) => r.headers['authorization'])).toEqual([`Bearer ${token}`]);
  });

  it('switches a destination off and on: off, it gets nothing and cannot be tested', async () => {
    receiver.respond('/switch', () => ({ status: 204 }));
    const initech = await h.tenant();
    const created = await create(initech.apiKey, { url: receiver.url('/switch'), enabled: false });
    const id = String(created.body.id);
    await h.deliver(signalOf('endpoint.paused', { tenantId: initech.tenantId }));
    expect(postsTo('/switch')).toEqual([]);
    const test = await h.api('POST', `/v1/alert-destinations/${id}/test`, initech.apiKey);
    expect(test.status).toBe(409);
    const on = await h.api('PATCH', `/v1/alert-destinations/${id}`, initech.apiKey, {
      enabled: true,
    });
    expect(on).toMatchObject({ status: 200, body: { enabled: true } });
    await h.deliver(signalOf('endpoint.paused', { tenantId: initech.tenantId }));
    expect(postsTo('/switch')).toHaveLength(1);
  });

  it('reports a failing destination from the test route without retrying it', async () => {
    receiver.respond('/broken', () => ({ status: 503 }));
    const created = await create(acme.apiKey, { url: receiver.url('/broken') });
    const tested = await h.api(
      'POST',
      `/v1/alert-destinations/${String(created.body.id)}/test`,
      acme.apiKey,
    );
    expect(tested.body).toEqual({
      alertId: expect.any(String),
      status: 'failed',
      statusCode: 503,
      error: 'destination answered HTTP 503',
    });
    expect(postsTo('/broken')).toHaveLength(1);
  });

  it('deletes a destination', async () => {
    const created = await create(acme.apiKey, { url: 'https://ops.example.com/gone' });
    const path = `/v1/alert-destinations/${String(created.body.id)}`;
    expect((await h.api('DELETE', path, acme.apiKey)).status).toBe(204);
    expect((await h.api('GET', path, acme.apiKey)).status).toBe(404);
    expect((await h.api('DELETE', path, acme.apiKey)).status).toBe(404);
  });

  it("keeps tenants apart, refuses viewers' changes and unknown callers", async () => {
    const created = await create(acme.apiKey, { url: 'https://ops.example.com/acme' });
    const path = `/v1/alert-destinations/${String(created.body.id)}`;
    const globex = await h.tenant();
    for (const [method, suffix] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/token/rotate'],
      ['POST', '/test'],
    ] as const) {
      const response = await h.api(
        method,
        `${path}${suffix}`,
        globex.apiKey,
        method === 'PATCH' ? { enabled: false } : undefined,
      );
      expect(response.status).toBe(404);
    }
    const listed = await h.api('GET', '/v1/alert-destinations', globex.apiKey);
    expect(listed.body).toEqual({ data: [] });

    const viewer = await h.apiKey(acme.tenantId, 'viewer');
    expect((await h.api('GET', path, viewer)).status).toBe(200);
    expect((await h.api('PATCH', path, viewer, { enabled: false })).status).toBe(403);
    expect((await create(viewer, { url: 'https://ops.example.com/v' })).status).toBe(403);
    expect((await h.api('GET', path, 'hrld_unknown')).status).toBe(401);
    expect((await h.api('GET', '/v1/alert-destinations/not-a-uuid', acme.apiKey)).status).toBe(404);
  });

  it('gives the operators one destination of their own, with the admin token', async () => {
    const created = await create(ADMIN_TOKEN, { url: 'https://ops.example.com/platform' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: 'operator', tenantId: null });
    expect((await create(ADMIN_TOKEN, { url: 'https://ops.example.com/second' })).status).toBe(409);
    const listed = await h.api('GET', '/v1/alert-destinations', ADMIN_TOKEN);
    expect((listed.body.data as { scope: string }[]).map((d) => d.scope)).toEqual(['operator']);
    // Tenants never see it.
    const path = `/v1/alert-destinations/${String(created.body.id)}`;
    expect((await h.api('GET', path, acme.apiKey)).status).toBe(404);
  });
});

describe('an operators’ destination set by the environment (real NATS + Postgres)', () => {
  it('is created at start, read-only for URL and token, and its switch still works', async () => {
    const h = await startHarness({
      HERALD_ALERT_WEBHOOK_URL: 'https://ops.example.com/env',
      HERALD_ALERT_TOKEN: 'env-token-value',
    });
    try {
      const listed = await h.api('GET', '/v1/alert-destinations', ADMIN_TOKEN);
      const [destination] = listed.body.data as { id: string; managedBy: string; url: string }[];
      expect(destination).toMatchObject({
        managedBy: 'environment',
        url: 'https://ops.example.com/env',
      });
      const path = `/v1/alert-destinations/${destination!.id}`;
      expect((await h.api('POST', `${path}/token/rotate`, ADMIN_TOKEN)).status).toBe(409);
      expect(
        (await h.api('PATCH', path, ADMIN_TOKEN, { url: 'https://other.example.com/' })).status,
      ).toBe(409);
      expect((await h.api('DELETE', path, ADMIN_TOKEN)).status).toBe(409);
      expect((await h.api('PATCH', path, ADMIN_TOKEN, { enabled: false })).body).toMatchObject({
        enabled: false,
      });
      expect(JSON.stringify(listed.body)).not.toContain('env-token-value');
    } finally {
      await h.close();
    }
  });
});
