import { describe, expect, it } from '@jest/globals';
import { useRegistryAndReadModel } from './registry-harness.js';
import { viewOnceCurrent } from './read-model-watcher.js';

type Endpoint = Record<string, unknown> & {
  id: string;
  updatedAt: string;
  disabledAt: string | null;
};

/** Disable and enable through `PATCH enabled`, and the bookkeeping that goes with it. */
describe('registry endpoint disable / enable (real NATS + Postgres)', () => {
  const t = useRegistryAndReadModel();

  const create = async (body: Record<string, unknown> = {}) =>
    (
      await t.registry.request<Endpoint>('POST', '/v1/endpoints', {
        token: t.apiKey,
        body: { url: 'https://example.com/hooks', eventTypes: ['*'], ...body },
      })
    ).body;
  const setEnabled = async (id: string, enabled: boolean) => {
    const response = await t.registry.request<Endpoint>('PATCH', `/v1/endpoints/${id}`, {
      token: t.apiKey,
      body: { enabled },
    });
    expect(response.status).toBe(200);
    return response.body;
  };
  const viewAt = (endpoint: Endpoint) => viewOnceCurrent(t.view, endpoint);

  it('records reason "operator" and the time on disable, in the response, on GET and in the view', async () => {
    const created = await create();
    const before = Date.now();
    const disabled = await setEnabled(created.id, false);
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'operator' });
    const at = Date.parse(String(disabled.disabledAt));
    expect(at).toBeGreaterThanOrEqual(before - 5);
    expect(at).toBeLessThanOrEqual(Date.now() + 5);
    const read = await t.registry.request('GET', `/v1/endpoints/${created.id}`, {
      token: t.apiKey,
    });
    expect(read.body).toEqual(disabled);
    expect(await viewAt(disabled)).toMatchObject({
      enabled: false,
      disabledReason: 'operator',
      disabledAt: disabled.disabledAt,
    });
  });

  it('keeps the first disable time when disabled again', async () => {
    const created = await create();
    const first = await setEnabled(created.id, false);
    const again = await setEnabled(created.id, false);
    expect(again).toMatchObject({ disabledReason: 'operator', disabledAt: first.disabledAt });
  });

  it('clears reason and time on enable, in the response and in the view', async () => {
    const created = await create();
    await setEnabled(created.id, false);
    const enabled = await setEnabled(created.id, true);
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    expect(await viewAt(enabled)).toMatchObject({
      enabled: true,
      disabledReason: null,
      disabledAt: null,
    });
  });

  it('records an endpoint created disabled as disabled by the operator', async () => {
    const created = await create({ enabled: false });
    expect(created).toMatchObject({ enabled: false, disabledReason: 'operator' });
    expect(created.disabledAt).toBe(created.createdAt);
    expect(await viewAt(created)).toMatchObject({ enabled: false, disabledReason: 'operator' });
  });

  it('changes the status together with other fields in one PATCH', async () => {
    const created = await create();
    const response = await t.registry.request<Endpoint>('PATCH', `/v1/endpoints/${created.id}`, {
      token: t.apiKey,
      body: { enabled: false, concurrency: 2 },
    });
    expect(response.body).toMatchObject({
      enabled: false,
      disabledReason: 'operator',
      concurrency: 2,
    });
  });
});
