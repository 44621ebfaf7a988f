import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REGISTRY_KEYS } from '@herald/contracts';
import { type RegistryView } from '@herald/registry-view';
import { hashApiKey } from '@herald/api-auth';
import { anEndpointView, pollUntil } from '@herald/testing';
import { RegistryHarness } from './registry-harness.js';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';

type Endpoint = { id: string; secret: string; updatedAt: string };

describe('registry read model in JetStream KV (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;
  let view: RegistryView;
  let tenant: { id: string; apiKey: string };

  beforeAll(async () => {
    registry = await RegistryHarness.start();
    watcher = await watchReadModel(registry.namespace);
    view = watcher.view;
    tenant = await registry.createTenant('acme');
  });

  afterAll(async () => {
    await watcher?.close();
    await registry?.close();
  });

  const createEndpoint = async (body: Record<string, unknown> = {}) => {
    const response = await registry.request<Endpoint>('POST', '/v1/endpoints', {
      token: tenant.apiKey,
      body: { url: 'https://example.com/hooks', eventTypes: ['*'], ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('publishes a new tenant and its API key within a second', async () => {
    const created = await registry.createTenant('globex');
    expect(await pollUntil(() => view.tenant(created.id), WITHIN_A_SECOND)).toEqual({
      id: created.id,
      name: 'globex',
    });
    const key = await pollUntil(() => view.apiKey(hashApiKey(created.apiKey)), WITHIN_A_SECOND);
    expect(key).toEqual({
      keyId: expect.any(String) as unknown,
      tenantId: created.id,
      role: 'admin',
    });
  });

  it('publishes a new endpoint within a second, with its secret and header values encrypted', async () => {
    const endpoint = await createEndpoint({
      eventTypes: ['conversation.*'],
      channels: ['c1'],
      headers: { Authorization: 'Bearer x' },
      payloadFilter: null,
      timeoutMs: 3000,
    });
    const published = await pollUntil(() => view.endpoint(endpoint.id), WITHIN_A_SECOND);
    // Enabled, no previous secret, the dispatcher's defaults for the rest.
    const expected = anEndpointView({
      id: endpoint.id,
      tenantId: tenant.id,
      url: 'https://example.com/hooks',
      eventTypes: ['conversation.*'],
      channels: ['c1'],
      secrets: [endpoint.secret],
      headers: { Authorization: 'Bearer x' },
      payloadFilter: null,
      timeoutMs: 3000,
      updatedAt: endpoint.updatedAt,
    });
    expect(published?.secrets[0]).toMatch(/^enc:v1:/);
    expect(published?.headers.Authorization).toMatch(/^enc:v1:/);
    expect(JSON.stringify(published)).not.toContain(endpoint.secret);
    const box = registry.box;
    expect({
      ...published,
      secrets: published?.secrets.map((secret) => box.open(secret)),
      headers: box.openValues(published?.headers ?? {}),
    }).toEqual(expected);
  });

  it('publishes a patch within a second', async () => {
    const endpoint = await createEndpoint();
    await pollUntil(() => view.endpoint(endpoint.id), WITHIN_A_SECOND);
    await registry.request('PATCH', `/v1/endpoints/${endpoint.id}`, {
      token: tenant.apiKey,
      body: { enabled: false, url: 'https://example.org/moved' },
    });
    const patched = await pollUntil(
      () => view.endpoint(endpoint.id)?.enabled === false && view.endpoint(endpoint.id),
      WITHIN_A_SECOND,
    );
    expect(patched.url).toBe('https://example.org/moved');
  });

  it('removes a deleted endpoint within a second', async () => {
    const endpoint = await createEndpoint();
    await pollUntil(() => view.endpoint(endpoint.id), WITHIN_A_SECOND);
    await registry.request('DELETE', `/v1/endpoints/${endpoint.id}`, { token: tenant.apiKey });
    await pollUntil(() => view.endpoint(endpoint.id) === undefined, WITHIN_A_SECOND);
    expect((await watcher.kv.get(REGISTRY_KEYS.endpoint(endpoint.id)))?.operation).toBe('DEL');
  });
});
