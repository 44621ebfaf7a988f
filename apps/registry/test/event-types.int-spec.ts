import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { WITHIN_A_SECOND, watchReadModel } from './read-model-watcher.js';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

interface EventType {
  id: string;
  name: string;
  version: number;
  description: string | null;
  schema: unknown;
  envelope: unknown;
  example: unknown;
  archived: boolean;
}

const agentLogSchema = {
  type: 'object',
  required: ['agent', 'isLogin'],
  properties: { agent: { type: 'string' }, isLogin: { type: 'boolean' } },
};

/** The event-type catalog: versions, schemas, envelopes, archive, import, example catalogs, filters. */
describe('registry event-type catalog (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let watcher: Awaited<ReturnType<typeof watchReadModel>>;
  let tenant: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };

  beforeAll(async () => {
    registry = await RegistryHarness.start();
    watcher = await watchReadModel(registry.namespace);
    tenant = await registry.createTenant('acme', []);
    other = await registry.createTenant('globex', []);
  });

  afterAll(async () => {
    await watcher?.close();
    await registry?.close();
  });

  const call = <T = EventType & ErrorBody>(
    method: string,
    path: string,
    body?: unknown,
    token = tenant.apiKey,
  ) => registry.request<T>(method, path, { token, ...(body === undefined ? {} : { body }) });

  it('creates a version with schema, envelope preset and example, and publishes it', async () => {
    const created = await call('POST', '/v1/event-types', {
      name: 'AgentLog',
      description: 'An agent logged in or out.',
      schema: agentLogSchema,
      envelope: { preset: 'event-date' },
      example: { agent: 'agentTest', isLogin: true },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'AgentLog',
      version: 1,
      archived: false,
      schema: agentLogSchema,
      envelope: {
        mode: 'merge',
        fields: { event: { from: 'eventType' }, date: { from: 'timestamp', format: 'datetime' } },
        dataField: null,
      },
    });
    // Field order survives storage (json, not jsonb): "event" before "date".
    const read = await call('GET', '/v1/event-types/AgentLog/versions/1');
    expect(Object.keys((read.body.envelope as { fields: object }).fields)).toEqual([
      'event',
      'date',
    ]);
    const view = await pollUntil(
      () => watcher.view.eventType(tenant.id, 'AgentLog', 1),
      WITHIN_A_SECOND,
    );
    expect(view).toMatchObject({ id: created.body.id, schema: agentLogSchema, archived: false });
  });

  it('keeps versions side by side and reports the default version', async () => {
    const v2 = await call('POST', '/v1/event-types', {
      name: 'AgentLog',
      version: 2,
      schema: { type: 'object' },
    });
    expect(v2.status).toBe(201);
    const duplicate = await call('POST', '/v1/event-types', { name: 'AgentLog', version: 2 });
    expect(duplicate.status).toBe(409);
    const summary = await registry.request<{ defaultVersion: number; versions: EventType[] }>(
      'GET',
      '/v1/event-types/AgentLog',
      { token: tenant.apiKey },
    );
    expect(summary.body.defaultVersion).toBe(1);
    expect(summary.body.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('archives a version: hidden from the list unless asked, default moves on, still in the read model', async () => {
    const archived = await call('PATCH', '/v1/event-types/AgentLog/versions/1', { archived: true });
    expect(archived.body.archived).toBe(true);
    const list = await registry.request<{ data: EventType[] }>('GET', '/v1/event-types', {
      token: tenant.apiKey,
    });
    expect(list.body.data.map((e) => `${e.name}@${e.version}`)).toEqual(['AgentLog@2']);
    const all = await registry.request<{ data: EventType[] }>(
      'GET',
      '/v1/event-types?includeArchived=true',
      {
        token: tenant.apiKey,
      },
    );
    expect(all.body.data.map((e) => `${e.name}@${e.version}`)).toEqual([
      'AgentLog@1',
      'AgentLog@2',
    ]);
    const summary = await registry.request<{ defaultVersion: number }>(
      'GET',
      '/v1/event-types/AgentLog',
      {
        token: tenant.apiKey,
      },
    );
    expect(summary.body.defaultVersion).toBe(2);
    await pollUntil(
      () => watcher.view.eventType(tenant.id, 'AgentLog', 1)?.archived,
      WITHIN_A_SECOND,
    );
    await call('PATCH', '/v1/event-types/AgentLog/versions/1', { archived: false });
  });

  it.each([
    ['a reserved name', { name: 'herald.test' }, 'name'],
    ['a bad name', { name: 'has space' }, 'name'],
    ['version 0', { name: 'v0', version: 0 }, 'version'],
    ['a schema that does not compile', { name: 'bad', schema: { type: 'nonsense' } }, 'schema'],
    ['an unknown preset', { name: 'bad', envelope: { preset: 'soap' } }, 'envelope'],
    [
      'an example that breaks the schema',
      { name: 'bad', schema: agentLogSchema, example: { agent: 1 } },
      'example',
    ],
    [
      'a non-object example under a merge envelope',
      { name: 'bad', envelope: { preset: 'event' }, example: [1] },
      'example',
    ],
    ['an unknown field', { name: 'bad', colour: 'red' }, 'colour'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const response = await call('POST', '/v1/event-types', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d) => d.field.split('.')[0])).toContain(field);
  });

  it('answers 404 for unknown names and versions, and for another tenant’s types', async () => {
    expect((await call('GET', '/v1/event-types/nope')).status).toBe(404);
    expect((await call('GET', '/v1/event-types/AgentLog/versions/9')).status).toBe(404);
    expect((await call('GET', '/v1/event-types/AgentLog/versions/x')).status).toBe(404);
    expect((await call('GET', '/v1/event-types/AgentLog', undefined, other.apiKey)).status).toBe(
      404,
    );
    expect(
      (await call('PATCH', '/v1/event-types/AgentLog/versions/1', { archived: true }, other.apiKey))
        .status,
    ).toBe(404);
    const theirs = await registry.request<{ data: unknown[] }>('GET', '/v1/event-types', {
      token: other.apiKey,
    });
    expect(theirs.body.data).toEqual([]);
  });

  it('imports many versions at once, all or nothing', async () => {
    const refused = await call('POST', '/v1/event-types/import', {
      eventTypes: [
        { name: 'batch.one' },
        { name: 'batch.two', schema: agentLogSchema, example: {} },
      ],
    });
    expect(refused.status).toBe(400);
    expect((await call('GET', '/v1/event-types/batch.one')).status).toBe(404);
    const imported = await registry.request<{ created: number; updated: number }>(
      'POST',
      '/v1/event-types/import',
      {
        token: tenant.apiKey,
        body: {
          eventTypes: [{ name: 'batch.one' }, { name: 'AgentLog', description: 'replaced' }],
        },
      },
    );
    expect(imported.body).toMatchObject({ created: 1, updated: 1 });
    expect((await call('GET', '/v1/event-types/AgentLog/versions/1')).body.description).toBe(
      'replaced',
    );
  });

  it('checks endpoint filters against the catalog', async () => {
    const create = (eventTypes: string[]) =>
      registry.request<{ id: string } & ErrorBody>('POST', '/v1/endpoints', {
        token: tenant.apiKey,
        body: { url: 'https://example.com/h', eventTypes },
      });
    const ok = await create(['AgentLog', 'AgentLog@2', 'batch.*', '*']);
    expect(ok.status).toBe(201);
    const refused = await create(['typo', 'AgentLog@7', 'nothing.*']);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d) => d.field)).toEqual([
      'eventTypes.0',
      'eventTypes.1',
      'eventTypes.2',
    ]);
    await call('PATCH', '/v1/event-types/AgentLog/versions/2', { archived: true });
    const archived = await create(['AgentLog@2']);
    expect(archived.body.error.details[0]?.reason).toContain('archived');
    // An endpoint that already had the filter keeps it through a patch.
    const kept = await registry.request('PATCH', `/v1/endpoints/${ok.body.id}`, {
      token: tenant.apiKey,
      body: { eventTypes: ['AgentLog@2', 'batch.*'] },
    });
    expect(kept.status).toBe(200);
  });

  it('lists, shows and loads the example catalogs, one per source product', async () => {
    const catalogs = await registry.request<{ data: Record<string, unknown>[] }>(
      'GET',
      '/v1/catalogs',
      {
        token: tenant.apiKey,
      },
    );
    // A summary: the catalog's name, title, description, suggested settings and event types.
    expect(Object.keys(catalogs.body.data[0]!).sort()).toEqual([
      'description',
      'eventTypes',
      'name',
      'suggestedSettings',
      'title',
    ]);
    expect(catalogs.body.data.map((c) => c.name).sort()).toEqual([
      'ai-agent-alerts',
      'chat-inbox',
      'chatbot',
      'contact-center',
    ]);
    const chatbot = await registry.request<{ eventTypes: { name: string }[] }>(
      'GET',
      '/v1/catalogs/chatbot',
      {
        token: tenant.apiKey,
      },
    );
    expect(chatbot.body.eventTypes.map((e) => e.name)).toEqual(['message', 'status']);
    const loaded = await registry.request<{ created: number }>(
      'POST',
      '/v1/catalogs/chatbot/load',
      {
        token: other.apiKey,
      },
    );
    expect(loaded.body.created).toBe(2);
    const again = await registry.request<{ created: number; updated: number }>(
      'POST',
      '/v1/catalogs/chatbot/load',
      {
        token: other.apiKey,
      },
    );
    expect(again.body).toMatchObject({ created: 0, updated: 2 });
    const status = await call('GET', '/v1/event-types/status/versions/1', undefined, other.apiKey);
    expect(status.body.envelope).toEqual({
      mode: 'merge',
      fields: { v: { value: '1.1' }, type: { from: 'eventType' } },
      dataField: null,
    });
    expect((await call('POST', '/v1/catalogs/nope/load')).status).toBe(404);
  });
});
