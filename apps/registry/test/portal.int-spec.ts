import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PortalTokens } from '@herald/api-auth';
import { ADMIN_TOKEN, RegistryHarness, type ErrorBody } from './registry-harness.js';

const SIGNING_KEY = randomBytes(32).toString('hex');

interface Session {
  url: string;
  token: string;
  tenantId: string;
  role: string;
  expiresAt: string;
}

describe('portal sessions and settings (registry)', () => {
  const registry = RegistryHarness.forSuite({
    HERALD_PORTAL_SIGNING_KEY: SIGNING_KEY,
    HERALD_PUBLIC_URL: 'https://hooks.example.com',
  });
  let acme: { id: string; apiKey: string };
  let globex: { id: string; apiKey: string };

  beforeAll(async () => {
    acme = await registry.createTenant('acme');
    globex = await registry.createTenant('globex');
  });

  it('a tenant admin key creates a link to its own tenant, valid for an hour by default', async () => {
    const before = Date.now();
    const created = await registry.request<Session>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: {},
    });
    expect(created.status).toBe(201);
    expect(created.body.tenantId).toBe(acme.id);
    expect(created.body.role).toBe('admin');
    expect(created.body.url).toBe(
      `https://hooks.example.com/portal/?token=${encodeURIComponent(created.body.token)}`,
    );
    const ttl = Date.parse(created.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(3_590_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    const me = await registry.request<{ tenantId: string }>('GET', '/v1/endpoints', {
      token: created.body.token,
    });
    expect(me.status).toBe(200);
  });

  it('the admin token creates a link for a named tenant; a viewer link cannot write', async () => {
    const missing = await registry.request<ErrorBody>('POST', '/v1/portal-sessions', {
      token: ADMIN_TOKEN,
      body: { role: 'viewer' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      { field: 'tenantId', reason: 'is required with the admin token' },
    ]);
    const created = await registry.request<Session>('POST', '/v1/portal-sessions', {
      token: ADMIN_TOKEN,
      body: { tenantId: globex.id, role: 'viewer', expiresIn: 120 },
    });
    expect(created.status).toBe(201);
    expect(created.body.tenantId).toBe(globex.id);
    const write = await registry.request<ErrorBody>('POST', '/v1/endpoints', {
      token: created.body.token,
      body: { url: 'https://example.com/hook', eventTypes: ['a'] },
    });
    expect(write.status).toBe(403);
  });

  it('refuses lifetimes over the cap, unknown roles, and non-admin keys', async () => {
    const long = await registry.request<ErrorBody>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: { expiresIn: 13 * 3600 },
    });
    expect(long.status).toBe(400);
    expect(long.body.error.details[0]?.field).toBe('expiresIn');
    const owner = await registry.request<ErrorBody>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: { role: 'owner' },
    });
    expect(owner.status).toBe(400);
    const viewerKey = await registry.keyWithRole(acme.apiKey, 'viewer');
    const byViewer = await registry.request('POST', '/v1/portal-sessions', {
      token: viewerKey,
      body: {},
    });
    expect(byViewer.status).toBe(403);
  });

  it('a portal session may not mint API keys or further sessions', async () => {
    const session = await registry.request<Session>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: {},
    });
    const key = await registry.request<ErrorBody>('POST', '/v1/api-keys', {
      token: session.body.token,
      body: { role: 'admin' },
    });
    expect(key.status).toBe(403);
    const again = await registry.request('POST', '/v1/portal-sessions', {
      token: session.body.token,
      body: {},
    });
    expect(again.status).toBe(403);
  });

  it('an expired token is refused with portal_session_expired, a forged one with invalid_portal_token', async () => {
    const tokens = new PortalTokens(SIGNING_KEY);
    const expired = await tokens.sign(acme.id, 'admin', new Date(Date.now() - 1_000));
    const refused = await registry.request<ErrorBody>('GET', '/v1/endpoints', { token: expired });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('portal_session_expired');
    const forged = await new PortalTokens(`${SIGNING_KEY}x`).sign(
      acme.id,
      'admin',
      new Date(Date.now() + 60_000),
    );
    const bad = await registry.request<ErrorBody>('GET', '/v1/endpoints', { token: forged });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_portal_token');
  });

  it("one tenant's session sees only its own endpoints and settings", async () => {
    const created = await registry.request<{ id: string }>('POST', '/v1/endpoints', {
      token: globex.apiKey,
      body: { url: 'https://globex.example.com/hook', eventTypes: ['a'] },
    });
    expect(created.status).toBe(201);
    const session = await registry.request<Session>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: {},
    });
    const list = await registry.request<{ data: { id: string }[] }>('GET', '/v1/endpoints', {
      token: session.body.token,
    });
    expect(list.body.data.map((endpoint) => endpoint.id)).not.toContain(created.body.id);
    const other = await registry.request('GET', `/v1/endpoints/${created.body.id}`, {
      token: session.body.token,
    });
    expect(other.status).toBe(404);
  });

  it('keeps frame-ancestors and theme per tenant, refusing unreadable colours and non-origins', async () => {
    const settingsOf = (token: string) => registry.request('GET', '/v1/portal/settings', { token });
    const save = (token: string, body: Record<string, unknown>) =>
      registry.request<ErrorBody>('PUT', '/v1/portal/settings', { token, body });
    const unset = { frameAncestors: [], logoUrl: null, primaryColor: null };
    const acmeSettings = {
      frameAncestors: ['https://app.acme.test', 'http://localhost:3000'],
      primaryColor: '#1f5fbf',
      logoUrl: 'https://acme.test/logo.svg',
    };

    expect((await settingsOf(acme.apiKey)).body).toEqual(unset);
    const bad = await save(acme.apiKey, {
      frameAncestors: ['https://app.acme.test/path', 'http://acme.test'],
      primaryColor: '#ffff00',
      logoUrl: 'http://acme.test/logo.png',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail) => detail.field).sort()).toEqual([
      'frameAncestors.0',
      'frameAncestors.1',
      'logoUrl',
      'primaryColor',
    ]);
    expect((await save(acme.apiKey, acmeSettings)).status).toBe(200);
    expect((await settingsOf(globex.apiKey)).body).toEqual(unset);

    const session = await registry.request<Session>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: {},
    });
    expect((await settingsOf(session.body.token)).body).toEqual(acmeSettings);
    const framing = await save(session.body.token, { frameAncestors: ['https://evil.test'] });
    expect(framing.status).toBe(403);
    const theme = await save(session.body.token, { primaryColor: '#7a1fa2' });
    expect(theme.status).toBe(200);
  });
});

describe('portal sessions without a signing key', () => {
  const registry = RegistryHarness.forSuite();

  it('answers 503 portal_not_configured', async () => {
    const acme = await registry.createTenant('acme', []);
    const response = await registry.request<ErrorBody>('POST', '/v1/portal-sessions', {
      token: acme.apiKey,
      body: {},
    });
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('portal_not_configured');
  });
});
