import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_TOKEN, RegistryHarness } from './registry-harness.js';

type Role = 'admin' | 'configurator' | 'viewer' | 'publisher';

/**
 * Every tenant route of the registry with every role: a role without the
 * route's permission gets 403 (and changes nothing); a role with it gets past
 * authorization. Another tenant's ids are 404 for every role that may call
 * the route — never data.
 */
describe('registry roles on every route (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let acme: { id: string; apiKey: string };
  let globex: { id: string; apiKey: string };
  const keys = {} as Record<Role, string>;
  let endpointId: string;
  let foreignEndpointId: string;
  let foreignKeyId: string;

  beforeAll(async () => {
    registry = await RegistryHarness.start({ HERALD_ENDPOINT_TEST_WAIT: '200ms' });
    acme = await registry.createTenant('acme');
    globex = await registry.createTenant('globex');
    keys.admin = acme.apiKey;
    for (const role of ['configurator', 'viewer', 'publisher'] as const) {
      keys[role] = await registry.keyWithRole(acme.apiKey, role);
    }
    const mine = await registry.request<{ id: string }>('POST', '/v1/endpoints', {
      token: acme.apiKey,
      body: { url: 'https://example.com/mine', eventTypes: ['*'] },
    });
    endpointId = mine.body.id;
    const theirs = await registry.request<{ id: string }>('POST', '/v1/endpoints', {
      token: globex.apiKey,
      body: { url: 'https://example.com/theirs', eventTypes: ['*'] },
    });
    foreignEndpointId = theirs.body.id;
    const foreignKeys = await registry.request<{ data: { id: string }[] }>('GET', '/v1/api-keys', {
      token: globex.apiKey,
    });
    foreignKeyId = foreignKeys.body.data[0]!.id;
  });

  afterAll(async () => {
    await registry?.close();
  });

  const READ: Role[] = ['admin', 'configurator', 'viewer'];
  const CONFIGURE: Role[] = ['admin', 'configurator'];
  const ADMIN: Role[] = ['admin'];
  const ALL: Role[] = ['admin', 'configurator', 'viewer', 'publisher'];

  /** [method, path, body, roles allowed, path with another tenant's id (404 expected)] */
  const routes = (): [string, string, unknown, Role[], string | null][] => [
    ['GET', '/v1/me', undefined, ALL, null],
    ['GET', '/v1/api-keys', undefined, ADMIN, null],
    ['POST', '/v1/api-keys', { role: 'viewer' }, ADMIN, null],
    [
      'DELETE',
      '/v1/api-keys/00000000-0000-4000-8000-000000000000',
      undefined,
      ADMIN,
      `/v1/api-keys/${foreignKeyId}`,
    ],
    ['GET', '/v1/settings', undefined, READ, null],
    ['PATCH', '/v1/settings', { httpsOnly: false }, ADMIN, null],
    ['GET', '/v1/event-types', undefined, READ, null],
    [
      'POST',
      '/v1/event-types',
      { name: `t${Math.random().toString(36).slice(2, 8)}` },
      ADMIN,
      null,
    ],
    ['POST', '/v1/event-types/import', { eventTypes: [{ name: 'a' }] }, ADMIN, null],
    ['GET', '/v1/event-types/a', undefined, READ, null],
    ['GET', '/v1/event-types/a/versions/1', undefined, READ, null],
    ['PATCH', '/v1/event-types/a/versions/1', { description: 'A' }, ADMIN, null],
    ['GET', '/v1/catalogs', undefined, READ, null],
    ['GET', '/v1/catalogs/chatbot', undefined, READ, null],
    ['POST', '/v1/catalogs/chatbot/load', undefined, ADMIN, null],
    ['GET', '/v1/endpoints', undefined, READ, null],
    ['POST', '/v1/endpoints', { url: 'https://example.com/x', eventTypes: ['*'] }, CONFIGURE, null],
    ['GET', `/v1/endpoints/${endpointId}`, undefined, READ, `/v1/endpoints/${foreignEndpointId}`],
    [
      'PATCH',
      `/v1/endpoints/${endpointId}`,
      { description: 'd' },
      CONFIGURE,
      `/v1/endpoints/${foreignEndpointId}`,
    ],
    [
      'GET',
      `/v1/endpoints/${endpointId}/secret`,
      undefined,
      CONFIGURE,
      `/v1/endpoints/${foreignEndpointId}/secret`,
    ],
    [
      'POST',
      `/v1/endpoints/${endpointId}/secret/rotate`,
      undefined,
      CONFIGURE,
      `/v1/endpoints/${foreignEndpointId}/secret/rotate`,
    ],
    [
      'POST',
      `/v1/endpoints/${endpointId}/test`,
      {},
      CONFIGURE,
      `/v1/endpoints/${foreignEndpointId}/test`,
    ],
    [
      'DELETE',
      '/v1/endpoints/00000000-0000-4000-8000-000000000000',
      undefined,
      CONFIGURE,
      `/v1/endpoints/${foreignEndpointId}`,
    ],
  ];

  it('refuses every role without the route’s permission with 403, and lets the others through', async () => {
    for (const [method, path, body, allowed] of routes()) {
      for (const role of ALL) {
        const response = await registry.request<{ error?: { code: string } }>(method, path, {
          token: keys[role],
          ...(body === undefined ? {} : { body }),
        });
        const where = `${role} ${method} ${path}`;
        if (allowed.includes(role)) {
          expect([where, response.status]).not.toEqual([where, 403]);
          expect([where, response.status]).not.toEqual([where, 401]);
        } else {
          expect([where, response.status, response.body.error?.code]).toEqual([
            where,
            403,
            'forbidden',
          ]);
        }
      }
    }
  });

  it('answers 404 for another tenant’s ids to every role allowed on the route', async () => {
    for (const [method, , body, allowed, foreign] of routes()) {
      if (foreign === null) continue;
      for (const role of allowed) {
        const response = await registry.request(method, foreign, {
          token: keys[role],
          ...(body === undefined ? {} : { body }),
        });
        expect([role, method, foreign, response.status]).toEqual([role, method, foreign, 404]);
        expect(JSON.stringify(response.body)).not.toContain('theirs');
      }
    }
    const still = await registry.request<{ url: string }>(
      'GET',
      `/v1/endpoints/${foreignEndpointId}`,
      {
        token: globex.apiKey,
      },
    );
    expect(still.body.url).toBe('https://example.com/theirs');
  });

  it('refuses tenant keys on operator routes and the admin token on tenant routes (401)', async () => {
    for (const role of ALL) {
      expect((await registry.request('GET', '/v1/tenants', { token: keys[role] })).status).toBe(
        401,
      );
    }
    expect((await registry.request('GET', '/v1/me', { token: ADMIN_TOKEN })).status).toBe(401);
  });
});
