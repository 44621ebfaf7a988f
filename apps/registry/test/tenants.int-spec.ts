import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from '../src/entities/api-key.entity.js';
import { ADMIN_TOKEN, RegistryHarness, type ErrorBody } from './registry-harness.js';

const DEFAULT_SETTINGS = {
  httpsOnly: false,
  maxUrlLength: 2048,
  uniqueChannelEndpoint: false,
  retrySchedule: null,
};

describe('registry tenants (real NATS + Postgres)', () => {
  const registry = RegistryHarness.forSuite();

  it('creates a tenant with the admin token and returns its API key once', async () => {
    const created = await registry.request('POST', '/v1/tenants', {
      token: ADMIN_TOKEN,
      body: { name: 'acme' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      name: 'acme',
      settings: DEFAULT_SETTINGS,
      createdAt: expect.any(String) as unknown,
      apiKey: expect.stringMatching(/^hrld_[A-Za-z0-9_-]{43}$/) as unknown,
    });

    const listed = await registry.request<{ data: Record<string, unknown>[] }>(
      'GET',
      '/v1/tenants',
      {
        token: ADMIN_TOKEN,
      },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.data).toContainEqual({
      id: created.body.id,
      name: 'acme',
      settings: DEFAULT_SETTINGS,
      createdAt: created.body.createdAt,
    });
    const one = await registry.request('GET', `/v1/tenants/${String(created.body.id)}`, {
      token: ADMIN_TOKEN,
    });
    expect(one.body).toEqual({
      id: created.body.id,
      name: 'acme',
      settings: DEFAULT_SETTINGS,
      createdAt: created.body.createdAt,
    });
    expect(one.body).not.toHaveProperty('apiKey');
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong admin token', 'wrong-admin-token-0123456789'],
    ['a tenant API key', 'hrld_not-an-admin-token'],
  ])('refuses %s with 401', async (_case, token) => {
    for (const [method, path] of [
      ['POST', '/v1/tenants'],
      ['GET', '/v1/tenants'],
      ['GET', '/v1/tenants/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const response = await registry.request<ErrorBody>(method, path, {
        ...(token === undefined ? {} : { token }),
        ...(method === 'POST' ? { body: { name: 'x' } } : {}),
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
  });

  it.each([
    ['a missing name', {}, 'name'],
    ['an empty name', { name: '  ' }, 'name'],
    ['a non-string name', { name: 42 }, 'name'],
    ['an unknown field', { name: 'a', plan: 'gold' }, 'plan'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const response = await registry.request<ErrorBody>('POST', '/v1/tenants', {
      token: ADMIN_TOKEN,
      body,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.map((d) => d.field)).toContain(field);
  });

  it('answers 404 for an unknown or malformed tenant id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await registry.request<ErrorBody>('GET', `/v1/tenants/${id}`, {
        token: ADMIN_TOKEN,
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('not_found');
    }
  });

  it('stores only the hash and a display prefix of the key, and the key works at once', async () => {
    const { id, apiKey } = await registry.createTenant('hashed');
    const rows = await registry.app
      .get(DataSource)
      .getRepository(ApiKeyEntity)
      .findBy({ tenantId: id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      role: 'admin',
      prefix: apiKey.slice(0, 12),
      hash: createHash('sha256').update(apiKey).digest('hex'),
      revokedAt: null,
    });
    expect(JSON.stringify(rows)).not.toContain(apiKey);

    const endpoints = await registry.request('GET', '/v1/endpoints', { token: apiKey });
    expect(endpoints).toEqual({ status: 200, body: { data: [], nextCursor: null } });
  });

  it('refuses unknown and revoked API keys with 401', async () => {
    const { id, apiKey } = await registry.createTenant('revoked');
    expect((await registry.request('GET', '/v1/endpoints', { token: 'hrld_unknown' })).status).toBe(
      401,
    );
    expect((await registry.request('GET', '/v1/endpoints')).status).toBe(401);
    await registry.app
      .get(DataSource)
      .getRepository(ApiKeyEntity)
      .update({ tenantId: id }, { revokedAt: new Date() });
    expect((await registry.request('GET', '/v1/endpoints', { token: apiKey })).status).toBe(401);
  });

  it('serves liveness, readiness (nats, postgres, read model) and metrics', async () => {
    expect((await registry.request('GET', '/healthz')).status).toBe(200);
    const ready = await registry.request<{ status: string; info: Record<string, unknown> }>(
      'GET',
      '/readyz',
    );
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.info).sort()).toEqual(['nats', 'postgres', 'read-model']);
    const metrics = await fetch(`${registry.baseUrl}/metrics`);
    expect(await metrics.text()).toContain('herald_process_');
  });
});
