import { describe, expect, it } from '@jest/globals';
import { useRegistryWithTwoTenants, type EndpointBody } from './registry-harness.js';

describe('registry endpoints (real NATS + Postgres)', () => {
  const t = useRegistryWithTwoTenants();

  it('creates an endpoint with defaults and a Standard Webhooks secret', async () => {
    const created = await t.registry.createEndpoint(t.acme.apiKey, {
      url: 'https://example.com/hooks',
      eventTypes: ['message_created'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      url: 'https://example.com/hooks',
      description: null,
      eventTypes: ['message_created'],
      channels: [],
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      headers: {},
      payloadFilter: null,
      metadata: {},
      timeoutMs: null,
      concurrency: null,
      rateLimit: null,
      retrySchedule: null,
      createdAt: expect.any(String) as unknown,
      updatedAt: created.body.createdAt,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/) as unknown,
    });
    expect(Buffer.from(String(created.body.secret).slice(6), 'base64')).toHaveLength(24);
  });

  it('keeps every field given on create, and reads it back without the secret', async () => {
    const body = {
      url: 'https://example.com/all',
      description: 'everything',
      eventTypes: ['conversation.*', 'message_created'],
      channels: ['project-1'],
      enabled: false,
      headers: { Authorization: 'Bearer receiver-token', 'X-Team': 'blue' },
      timeoutMs: 5000,
    };
    const created = await t.registry.createEndpoint(t.acme.apiKey, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(body);

    const read = await t.registry.request<EndpointBody>('GET', `/v1/endpoints/${created.body.id}`, {
      token: t.acme.apiKey,
    });
    expect(read.status).toBe(200);
    const { secret, ...withoutSecret } = created.body;
    expect(read.body).toEqual(withoutSecret);

    const revealed = await t.registry.request('GET', `/v1/endpoints/${created.body.id}/secret`, {
      token: t.acme.apiKey,
    });
    expect(revealed).toEqual({ status: 200, body: { secret, previousSecret: null } });
  });

  it('masks header values for viewer keys and in lists, as the attempt log does', async () => {
    const headers = { Authorization: 'Bearer receiver-token-2', 'X-Team': 'green' };
    const created = await t.registry.createEndpoint(t.acme.apiKey, {
      url: 'https://example.com/masked',
      eventTypes: ['*'],
      headers,
    });
    const viewer = await t.registry.keyWithRole(t.acme.apiKey, 'viewer');
    const masked = { Authorization: '[redacted]', 'X-Team': '[redacted]' };
    const path = `/v1/endpoints/${created.body.id}`;
    const asViewer = await t.registry.request<EndpointBody>('GET', path, { token: viewer });
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.headers).toEqual(masked);
    const asAdmin = await t.registry.request<EndpointBody>('GET', path, { token: t.acme.apiKey });
    expect(asAdmin.body.headers).toEqual(headers);
    for (const token of [viewer, t.acme.apiKey]) {
      const listed = await t.registry.request<{ data: EndpointBody[] }>('GET', '/v1/endpoints', {
        token,
      });
      const row = listed.body.data.find((e) => e.id === created.body.id);
      expect(row?.headers).toEqual(masked);
      expect(JSON.stringify(listed.body)).not.toContain('receiver-token-2');
    }
  });

  it('lists only the tenant’s own endpoints, without secrets', async () => {
    const mine = await t.registry.createEndpoint(t.acme.apiKey, {
      url: 'https://example.com/l',
      eventTypes: ['*'],
    });
    const theirs = await t.registry.createEndpoint(t.globex.apiKey, {
      url: 'https://example.com/g',
      eventTypes: ['*'],
    });
    const listed = await t.registry.request<{ data: EndpointBody[] }>('GET', '/v1/endpoints', {
      token: t.acme.apiKey,
    });
    expect(listed.status).toBe(200);
    const ids = listed.body.data.map((e) => e.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(theirs.body.id);
    for (const endpoint of listed.body.data) expect(endpoint).not.toHaveProperty('secret');
  });

  it('patches any subset of fields and moves updatedAt', async () => {
    const created = await t.registry.createEndpoint(t.acme.apiKey, {
      url: 'https://example.com/p',
      eventTypes: ['a'],
      description: 'before',
      timeoutMs: 2000,
    });
    const patched = await t.registry.request<EndpointBody>(
      'PATCH',
      `/v1/endpoints/${created.body.id}`,
      {
        token: t.acme.apiKey,
        body: { enabled: false, eventTypes: ['b', 'c.*'], description: null, timeoutMs: null },
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      url: 'https://example.com/p',
      enabled: false,
      eventTypes: ['b', 'c.*'],
      description: null,
      timeoutMs: null,
      createdAt: created.body.createdAt,
    });
    expect(patched.body).not.toHaveProperty('secret');
    expect(Date.parse(String(patched.body.updatedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(created.body.updatedAt)),
    );

    const empty = await t.registry.request<EndpointBody>(
      'PATCH',
      `/v1/endpoints/${created.body.id}`,
      {
        token: t.acme.apiKey,
        body: {},
      },
    );
    expect(empty.body).toEqual(patched.body);
  });

  it('deletes an endpoint: 204, then 404', async () => {
    const created = await t.registry.createEndpoint(t.acme.apiKey, {
      url: 'https://example.com/d',
      eventTypes: ['*'],
    });
    const path = `/v1/endpoints/${created.body.id}`;
    const deleted = await t.registry.request('DELETE', path, { token: t.acme.apiKey });
    expect(deleted).toEqual({ status: 204, body: null });
    expect((await t.registry.request('GET', path, { token: t.acme.apiKey })).status).toBe(404);
    expect((await t.registry.request('DELETE', path, { token: t.acme.apiKey })).status).toBe(404);
  });
});
