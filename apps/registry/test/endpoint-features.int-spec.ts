import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

type Endpoint = { id: string; payloadFilter: unknown; metadata: Record<string, string> };

/** Payload filters, metadata labels, and the paginated, label-filtered list. */
describe('registry endpoint filters, labels and list (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;
  let tenant: { id: string; apiKey: string };

  beforeAll(async () => {
    registry = await RegistryHarness.start();
    watcher = await watchReadModel(registry.namespace);
    tenant = await registry.createTenant('acme');
  });

  afterAll(async () => {
    await watcher?.close();
    await registry?.close();
  });

  const create = (body: Record<string, unknown>) =>
    registry.request<Endpoint & ErrorBody>('POST', '/v1/endpoints', {
      token: tenant.apiKey,
      body: { url: 'https://example.com/h', eventTypes: ['*'], ...body },
    });

  it('stores a payload filter and publishes it to the read model', async () => {
    const filter = { $or: [{ status: 'read' }, { 'sender.type': { $in: ['user'] } }] };
    const created = await create({ payloadFilter: filter });
    expect(created.status).toBe(201);
    expect(created.body.payloadFilter).toEqual(filter);
    const view = await pollUntil(() => watcher.view.endpoint(created.body.id), WITHIN_A_SECOND);
    expect(view.payloadFilter).toEqual(filter);
    const cleared = await registry.request<Endpoint>('PATCH', `/v1/endpoints/${created.body.id}`, {
      token: tenant.apiKey,
      body: { payloadFilter: null },
    });
    expect(cleared.body.payloadFilter).toBeNull();
    await pollUntil(
      () => watcher.view.endpoint(created.body.id)?.payloadFilter === null,
      WITHIN_A_SECOND,
    );
  });

  it('refuses an invalid payload filter, saying where', async () => {
    const refused = await create({ payloadFilter: { status: { $regex: 'x' }, $or: [] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d) => d.field)).toEqual([
      'payloadFilter.status.$regex',
      'payloadFilter.$or',
    ]);
    expect((await create({ payloadFilter: 'status=read' })).status).toBe(400);
  });

  it('keeps metadata labels and filters the list by them', async () => {
    const billing = await create({ metadata: { team: 'billing', env: 'prod' } });
    await create({ metadata: { team: 'support' } });
    expect(billing.body.metadata).toEqual({ team: 'billing', env: 'prod' });
    const listed = await registry.request<{ data: Endpoint[] }>(
      'GET',
      '/v1/endpoints?label=team:billing&label=env:prod',
      {
        token: tenant.apiKey,
      },
    );
    expect(listed.body.data.map((e) => e.id)).toEqual([billing.body.id]);
    for (const metadata of [{ 'bad key': 'x' }, { k: 'v'.repeat(513) }, { k: 1 }]) {
      expect((await create({ metadata })).status).toBe(400);
    }
    expect(
      (await registry.request('GET', '/v1/endpoints?label=nocolon', { token: tenant.apiKey }))
        .status,
    ).toBe(400);
  });

  it('pages the list oldest first with a cursor, and filters by enabled', async () => {
    const tenantB = await registry.createTenant('paged');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await registry.request<Endpoint>('POST', '/v1/endpoints', {
        token: tenantB.apiKey,
        body: { url: `https://example.com/${i}`, eventTypes: ['*'], enabled: i !== 2 },
      });
      ids.push(created.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Endpoint[]; nextCursor: string | null } } =
        await registry.request('GET', `/v1/endpoints?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
          token: tenantB.apiKey,
        });
      seen.push(...page.body.data.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(ids);
    const disabled = await registry.request<{ data: Endpoint[] }>(
      'GET',
      '/v1/endpoints?enabled=false',
      {
        token: tenantB.apiKey,
      },
    );
    expect(disabled.body.data.map((e) => e.id)).toEqual([ids[2]]);
    expect(
      (await registry.request('GET', '/v1/endpoints?cursor=bad', { token: tenantB.apiKey })).status,
    ).toBe(400);
  });
});
