import { beforeAll, describe, expect, it } from '@jest/globals';
import { INVALID_ENDPOINT_BODIES as invalid, MAX_URL, valid } from './invalid-endpoint-bodies.js';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

describe('registry endpoint validation (real NATS + Postgres)', () => {
  const registry = RegistryHarness.forSuite({ HERALD_MAX_URL_LENGTH: String(MAX_URL) });
  let apiKey: string;
  let existingId: string;

  beforeAll(async () => {
    apiKey = (await registry.createTenant()).apiKey;
    const created = await registry.request<{ id: string }>('POST', '/v1/endpoints', {
      token: apiKey,
      body: valid,
    });
    existingId = created.body.id;
  });

  it.each(invalid)(
    'POST refuses %s with 400 naming the field',
    async (_case, body, field, reason) => {
      const response = await registry.request<ErrorBody>('POST', '/v1/endpoints', {
        token: apiKey,
        body,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      const detail = response.body.error.details.find((d) => d.field === field);
      expect(detail?.reason).toMatch(reason);
    },
  );

  // Every field is optional in a patch, so only the "missing field" cases are valid there.
  it.each(invalid.filter(([name]) => !name.includes('missing')))(
    'PATCH refuses %s with 400 naming the field, and changes nothing',
    async (_case, body, field) => {
      const response = await registry.request<ErrorBody>('PATCH', `/v1/endpoints/${existingId}`, {
        token: apiKey,
        body,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d) => d.field)).toContain(field);
      const after = await registry.request('GET', `/v1/endpoints/${existingId}`, { token: apiKey });
      expect(after.body).toMatchObject(valid);
    },
  );

  it('refuses a body that is not a JSON object, and malformed JSON', async () => {
    const array = await registry.request<ErrorBody>('POST', '/v1/endpoints', {
      token: apiKey,
      body: [valid],
    });
    expect(array.status).toBe(400);
    const malformed = await registry.request<ErrorBody>('POST', '/v1/endpoints', {
      token: apiKey,
      rawBody: '{"url": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
  });

  it('creates nothing when a request is refused', async () => {
    const listed = await registry.request<{ data: unknown[] }>('GET', '/v1/endpoints', {
      token: apiKey,
    });
    expect(listed.body.data).toHaveLength(1);
  });
});
