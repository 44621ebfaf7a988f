import { describe, expect, it } from '@jest/globals';
import { hashApiKey } from '@herald/api-auth';
import { pollUntil } from '@herald/testing';
import { WITHIN_A_SECOND } from './read-model-watcher.js';
import { ADMIN_TOKEN, useRegistryWithTwoTenants, type ErrorBody } from './registry-harness.js';

interface Key {
  id: string;
  name: string | null;
  role: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  key?: string;
}

describe('registry API keys (real NATS + Postgres)', () => {
  const t = useRegistryWithTwoTenants({ eventTypes: [], readModel: true });

  const create = (body: unknown, token = t.acme.apiKey) =>
    t.registry.request<Key>('POST', '/v1/api-keys', { token, body });
  const list = (query = '', token = t.acme.apiKey) =>
    t.registry.request<{ data: Key[] }>('GET', `/v1/api-keys${query}`, { token });

  it('creates a key of each role, shown once, and lists keys by prefix only', async () => {
    for (const role of ['admin', 'configurator', 'viewer', 'publisher']) {
      const created = await create({ role, name: `${role} service` });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        name: `${role} service`,
        role,
        prefix: created.body.key!.slice(0, 12),
        createdAt: expect.any(String) as unknown,
        revokedAt: null,
        key: expect.stringMatching(/^hrld_[A-Za-z0-9_-]{43}$/) as unknown,
      });
      const me = await t.registry.request('GET', '/v1/me', { token: created.body.key! });
      expect(me.body).toMatchObject({ tenantId: t.acme.id, tenantName: 'acme', role });
    }
    const listed = await list();
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((k) => k.role)).toEqual([
      'admin',
      'admin',
      'configurator',
      'viewer',
      'publisher',
    ]);
    expect(JSON.stringify(listed.body)).not.toMatch(/hrld_[A-Za-z0-9_-]{20,}/);
    for (const key of listed.body.data) expect(key).not.toHaveProperty('key');
  });

  it('revokes a key: 204, refused at once, gone from the read model, listed only on request', async () => {
    const created = await create({ role: 'viewer' });
    const hash = hashApiKey(created.body.key!);
    await pollUntil(() => t.watcher.view.apiKey(hash), WITHIN_A_SECOND);
    const revoked = await t.registry.request('DELETE', `/v1/api-keys/${created.body.id}`, {
      token: t.acme.apiKey,
    });
    expect(revoked).toEqual({ status: 204, body: null });
    expect((await t.registry.request('GET', '/v1/me', { token: created.body.key! })).status).toBe(
      401,
    );
    await pollUntil(() => t.watcher.view.apiKey(hash) === undefined, WITHIN_A_SECOND);
    expect((await list()).body.data.map((k) => k.id)).not.toContain(created.body.id);
    const all = await list('?includeRevoked=true');
    expect(all.body.data.find((k) => k.id === created.body.id)?.revokedAt).toEqual(
      expect.any(String),
    );
    // Revoking again changes nothing.
    const again = await t.registry.request('DELETE', `/v1/api-keys/${created.body.id}`, {
      token: t.acme.apiKey,
    });
    expect(again.status).toBe(204);
  });

  it('refuses to revoke the tenant’s last admin key (409)', async () => {
    const tenant = await t.registry.createTenant('solo', []);
    const [only] = (await list('', tenant.apiKey)).body.data;
    const refused = await t.registry.request<ErrorBody>('DELETE', `/v1/api-keys/${only!.id}`, {
      token: tenant.apiKey,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_admin_key');
    const second = await create({ role: 'admin' }, tenant.apiKey);
    const allowed = await t.registry.request('DELETE', `/v1/api-keys/${only!.id}`, {
      token: second.body.key!,
    });
    expect(allowed.status).toBe(204);
  });

  it('validates the body', async () => {
    for (const [body, field] of [
      [{}, 'role'],
      [{ role: 'owner' }, 'role'],
      [{ role: 'viewer', name: '' }, 'name'],
      [{ role: 'viewer', extra: 1 }, 'extra'],
    ] as const) {
      const response = await create(body);
      expect(response.status).toBe(400);
      expect((response.body as unknown as ErrorBody).error.details.map((d) => d.field)).toContain(
        field,
      );
    }
  });

  it('never shows or revokes another tenant’s keys (404)', async () => {
    const theirs = (await list('', t.globex.apiKey)).body.data[0]!;
    expect((await list()).body.data.map((k) => k.id)).not.toContain(theirs.id);
    const response = await t.registry.request<ErrorBody>('DELETE', `/v1/api-keys/${theirs.id}`, {
      token: t.acme.apiKey,
    });
    expect(response.status).toBe(404);
    expect((await t.registry.request('GET', '/v1/me', { token: t.globex.apiKey })).status).toBe(
      200,
    );
    expect(
      (await t.registry.request('DELETE', '/v1/api-keys/not-a-uuid', { token: t.acme.apiKey }))
        .status,
    ).toBe(404);
  });

  it('lets the platform admin mint a key for a tenant, and only the platform admin', async () => {
    const minted = await t.registry.request<Key>('POST', `/v1/tenants/${t.globex.id}/api-keys`, {
      token: ADMIN_TOKEN,
      body: { role: 'configurator', name: 'support' },
    });
    expect(minted.status).toBe(201);
    const me = await t.registry.request('GET', '/v1/me', { token: minted.body.key! });
    expect(me.body).toMatchObject({ tenantId: t.globex.id, role: 'configurator' });
    const byTenantKey = await t.registry.request('POST', `/v1/tenants/${t.globex.id}/api-keys`, {
      token: t.globex.apiKey,
      body: { role: 'admin' },
    });
    expect(byTenantKey.status).toBe(401);
    const unknown = await t.registry.request(
      'POST',
      '/v1/tenants/00000000-0000-4000-8000-000000000000/api-keys',
      { token: ADMIN_TOKEN, body: { role: 'admin' } },
    );
    expect(unknown.status).toBe(404);
  });
});
