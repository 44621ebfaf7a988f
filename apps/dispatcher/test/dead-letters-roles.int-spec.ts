import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadLettersHarness } from './dead-letters.fixtures.js';

/**
 * Every dispatcher route with every role, and with another tenant's key:
 * a role without the route's permission gets 403; another tenant's ids 404.
 */
describe('dispatcher routes: roles and tenants (real NATS + Postgres)', () => {
  let h: DeadLettersHarness;
  let acme: { tenantId: string; apiKey: string };
  let globex: { tenantId: string; apiKey: string };
  let endpointId: string;
  let deadLetterId: string;

  beforeAll(async () => {
    h = await DeadLettersHarness.start();
    acme = await h.tenant();
    globex = await h.tenant();
    const endpoint = await h.endpoint(acme.tenantId);
    endpointId = endpoint.id;
    const task = await h.deadLetter(endpoint, { statusCode: 500 });
    const [row] = await h.rows([task.messageId]);
    deadLetterId = String(row?.id);
  });
  afterAll(() => h?.stop());

  const routes = (): ['GET' | 'POST', string, unknown, string[]][] => [
    ['GET', '/v1/dead-letters', undefined, ['admin', 'configurator', 'viewer']],
    ['GET', `/v1/dead-letters/${deadLetterId}`, undefined, ['admin', 'configurator', 'viewer']],
    ['POST', '/v1/dead-letters/replay', { dryRun: true }, ['admin', 'configurator']],
    [
      'POST',
      `/v1/endpoints/${endpointId}/recover`,
      { since: '2026-01-01T00:00:00Z', dryRun: true },
      ['admin', 'configurator'],
    ],
  ];

  it('refuses the roles a route does not allow with 403, and serves the others', async () => {
    for (const role of ['admin', 'configurator', 'viewer', 'publisher'] as const) {
      const key = role === 'admin' ? acme.apiKey : await h.key(acme.tenantId, role);
      for (const [method, path, body, allowed] of routes()) {
        const response = await h.api(method, path, key, body);
        const expected = allowed.includes(role) ? 200 : 403;
        expect([role, method, path, response.status]).toEqual([role, method, path, expected]);
      }
    }
  });

  it('never shows another tenant’s dead letters or endpoint', async () => {
    const read = await h.api('GET', `/v1/dead-letters/${deadLetterId}`, globex.apiKey);
    expect(read.status).toBe(404);
    const recover = await h.api('POST', `/v1/endpoints/${endpointId}/recover`, globex.apiKey, {
      since: '2026-01-01T00:00:00Z',
      dryRun: true,
    });
    expect(recover.status).toBe(404);
    const list = await h.api<{ data: unknown[] }>('GET', '/v1/dead-letters', globex.apiKey);
    expect(list.body.data).toEqual([]);
  });
});
