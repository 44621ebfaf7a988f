import { describe, expect, it } from '@jest/globals';
import {
  useRegistryWithTwoTenants,
  type EndpointBody,
  type ErrorBody,
} from './registry-harness.js';

describe('registry endpoint isolation between tenants (real NATS + Postgres)', () => {
  const t = useRegistryWithTwoTenants();

  it('answers 404, never data, for another tenant’s endpoint on every route', async () => {
    const theirs = await t.registry.createEndpoint(t.globex.apiKey, {
      url: 'https://example.com/private',
      eventTypes: ['*'],
    });
    const path = `/v1/endpoints/${theirs.body.id}`;
    const attempts = [
      ['GET', path, undefined],
      ['GET', `${path}/secret`, undefined],
      ['PATCH', path, { enabled: false }],
      ['DELETE', path, undefined],
    ] as const;
    for (const [method, target, body] of attempts) {
      const response = await t.registry.request<ErrorBody>(method, target, {
        token: t.acme.apiKey,
        ...(body ? { body } : {}),
      });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({
        error: { code: 'not_found', message: 'endpoint not found', details: [] },
      });
      expect(JSON.stringify(response.body)).not.toContain(theirs.body.secret);
    }
    // Untouched by the attempts above.
    const still = await t.registry.request<EndpointBody>('GET', path, { token: t.globex.apiKey });
    expect(still.body).toMatchObject({ enabled: true, url: 'https://example.com/private' });
  });

  it('answers 404 for an unknown or malformed endpoint id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '1']) {
      for (const method of ['GET', 'DELETE'] as const) {
        const response = await t.registry.request(method, `/v1/endpoints/${id}`, {
          token: t.acme.apiKey,
        });
        expect(response.status).toBe(404);
      }
      const patched = await t.registry.request('PATCH', `/v1/endpoints/${id}`, {
        token: t.acme.apiKey,
        body: { enabled: true },
      });
      expect(patched.status).toBe(404);
    }
  });

  it('requires an API key on every endpoint route', async () => {
    for (const [method, path] of [
      ['POST', '/v1/endpoints'],
      ['GET', '/v1/endpoints'],
      ['GET', '/v1/endpoints/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const response = await t.registry.request<ErrorBody>(method, path, { token: 'hrld_wrong' });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
  });
});
