import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { REGISTRY_KEYS, type EndpointControl, type EndpointView } from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import type { RegistryView } from '@herald/registry-view';
import { pollUntil, TEST_NATS_URL } from '@herald/testing';
import { RegistryHarness } from './registry-harness.js';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';

type Endpoint = Record<string, unknown> & { id: string; updatedAt: string };

/**
 * `endpoint-control.v1` as the dispatcher sends it after a 410 Gone: the
 * registry disables the endpoint and republishes its view; commands that do
 * not name an endpoint of their tenant change nothing and are acked.
 */
describe('registry endpoint-control.v1 consumer (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;
  let view: RegistryView;
  let kv: KV;
  let nats: NatsClient;
  let publisher: Publisher;
  let acme: { id: string; apiKey: string };
  let globex: { id: string; apiKey: string };

  beforeAll(async () => {
    registry = await RegistryHarness.start();
    watcher = await watchReadModel(registry.namespace);
    ({ view, kv } = watcher);
    nats = await NatsClient.connect({
      url: TEST_NATS_URL,
      namespace: registry.namespace,
      service: 'dispatcher-test',
      topics: ['endpoint-control.v1'],
    });
    publisher = new Publisher(nats);
    acme = await registry.createTenant('acme');
    globex = await registry.createTenant('globex');
  });

  afterAll(async () => {
    await nats?.connection.close();
    await watcher?.close();
    await registry?.close();
  });

  const create = async () => {
    const response = await registry.request<Endpoint>('POST', '/v1/endpoints', {
      token: acme.apiKey,
      body: { url: 'https://example.com/hooks', eventTypes: ['*'] },
    });
    await pollUntil(() => view.endpoint(response.body.id), WITHIN_A_SECOND);
    return response.body;
  };
  const get = async (id: string) =>
    (await registry.request<Endpoint>('GET', `/v1/endpoints/${id}`, { token: acme.apiKey })).body;
  const publish = (overrides: Partial<EndpointControl> & { endpointId: string }) => {
    const command: EndpointControl = {
      commandId: randomUUID(),
      tenantId: acme.id,
      action: 'disable',
      reason: 'endpoint_gone',
      statusCode: 410,
      at: new Date().toISOString(),
      ...overrides,
    };
    return publisher
      .publish('endpoint-control.v1', command.endpointId, command, command.commandId)
      .then(() => command);
  };
  /** Every published command has been handled and acked (work-queue retention removes acked messages). */
  const drained = () =>
    pollUntil(
      async () =>
        (await nats.jsm.streams.info(nats.ns.stream('endpoint-control.v1'))).state.messages === 0,
      { timeoutMs: 5000, what: 'the registry to ack every command' },
    );
  const stored = async (id: string) =>
    (await kv.get(REGISTRY_KEYS.endpoint(id)))?.json<EndpointView>();

  it('disables the endpoint with the command’s reason and time, and republishes its view', async () => {
    const endpoint = await create();
    const command = await publish({ endpointId: endpoint.id, at: '2026-11-22T01:02:03.456Z' });
    const published = await pollUntil(
      () => view.endpoint(endpoint.id)?.enabled === false && view.endpoint(endpoint.id),
      { timeoutMs: 5000, what: 'the view to show the endpoint disabled' },
    );
    expect(published).toMatchObject({
      enabled: false,
      disabledReason: 'endpoint_gone',
      disabledAt: command.at,
    });
    expect(await get(endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: 'endpoint_gone',
      disabledAt: command.at,
    });
    await drained();
  });

  it('is idempotent: a repeated or later command keeps the first reason and time', async () => {
    const endpoint = await create();
    const first = await publish({ endpointId: endpoint.id });
    await pollUntil(() => view.endpoint(endpoint.id)?.enabled === false, { timeoutMs: 5000 });
    const before = await get(endpoint.id);
    await publish({ ...first, commandId: randomUUID() });
    await publish({
      endpointId: endpoint.id,
      reason: 'something_else',
      at: new Date().toISOString(),
    });
    await drained();
    expect(await get(endpoint.id)).toEqual(before);
    expect(await stored(endpoint.id)).toMatchObject({
      disabledReason: 'endpoint_gone',
      disabledAt: first.at,
      updatedAt: before.updatedAt,
    });
  });

  it('changes nothing for a command naming another tenant’s endpoint, and acks it', async () => {
    const endpoint = await create();
    const before = await get(endpoint.id);
    const viewBefore = await stored(endpoint.id);
    await publish({ endpointId: endpoint.id, tenantId: globex.id });
    await drained();
    expect(await get(endpoint.id)).toEqual(before);
    expect(await stored(endpoint.id)).toEqual(viewBefore);
    expect(before).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('acks commands for unknown or malformed ids, and drops one with a malformed time', async () => {
    const endpoint = await create();
    const before = await get(endpoint.id);
    await publish({ endpointId: randomUUID() });
    await publish({ endpointId: 'not-a-uuid', tenantId: 'nor-this' });
    await publish({ endpointId: endpoint.id, at: 'yesterday' });
    await drained();
    expect(await get(endpoint.id)).toEqual(before);
  });

  it('lets the operator re-enable an endpoint the dispatcher disabled', async () => {
    const endpoint = await create();
    await publish({ endpointId: endpoint.id });
    await pollUntil(() => view.endpoint(endpoint.id)?.enabled === false, { timeoutMs: 5000 });
    const enabled = await registry.request<Endpoint>('PATCH', `/v1/endpoints/${endpoint.id}`, {
      token: acme.apiKey,
      body: { enabled: true },
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    await pollUntil(() => view.endpoint(endpoint.id)?.enabled === true, WITHIN_A_SECOND);
    expect(view.endpoint(endpoint.id)).toMatchObject({ disabledReason: null, disabledAt: null });
  });
});
