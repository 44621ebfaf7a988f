import { beforeAll, describe, expect, it } from '@jest/globals';
import { Namespace, type EndpointView, type EventTypeView } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { pollUntil } from '@herald/testing';
import { messageIdFor } from '../src/events/event-rules.js';
import { IngestHarness } from './harness.js';

interface ErrorBody {
  error: { code: string; message: string; details: { field: string; reason: string }[] };
}

/**
 * Ingest against the tenant's event-type catalog: unknown types and versions,
 * schema validation, envelopes, versions side by side, payload filters,
 * targeted endpoint tests — over HTTP and NATS.
 */
describe('ingest and the event-type catalog (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite();
  let tenant: { tenantId: string; apiKey: string };
  let agentLog: EventTypeView;
  let all: EndpointView;
  let v2Only: EndpointView;
  let onlyRead: EndpointView;
  let unsubscribed: EndpointView;

  const ns = () => new Namespace(h.namespace);
  const post = (body: unknown, key = tenant.apiKey) => h.request('POST', '/v1/events', key, body);
  const tasksOf = async (messageId: string, count: number) =>
    pollUntil(
      async () => {
        const found = (await h.tasks()).filter((t) => t.task.messageId === messageId);
        return found.length === count ? found.map((t) => t.task) : undefined;
      },
      { what: `${count} tasks of ${messageId}` },
    );
  const fannedOut = (messageId: string) =>
    pollUntil(
      async () => {
        const r = await h.sql.query<{ endpoint_ids: string[] | null; body: string | null }>(
          `SELECT f.endpoint_ids, m.body FROM ingest.messages m
           JOIN ingest.fan_outs f ON f.message_id = m.id WHERE m.id = $1`,
          [messageId],
        );
        return r.rows[0];
      },
      { what: `fan-out of ${messageId}` },
    );
  const rejection = (code: string, source: 'http' | 'nats') =>
    pollUntil(
      async () => {
        const r = await h.sql.query<{ reason: string; event_type: string | null }>(
          'SELECT reason, event_type FROM ingest.rejections WHERE code = $1 AND source = $2',
          [code, source],
        );
        return r.rows[0];
      },
      { what: `${source} rejection ${code}` },
    );

  beforeAll(async () => {
    tenant = await h.seed.tenant('acme', []);
    agentLog = await h.seed.eventType(tenant.tenantId, 'AgentLog', {
      schema: {
        type: 'object',
        required: ['agent', 'isLogin'],
        properties: { agent: { type: 'string' }, isLogin: { type: 'boolean' } },
      },
      envelope: {
        mode: 'merge',
        fields: { event: { from: 'eventType' }, date: { from: 'timestamp', format: 'datetime' } },
        dataField: null,
      },
    });
    await h.seed.eventType(tenant.tenantId, 'status');
    await h.seed.eventType(tenant.tenantId, 'status', { version: 2 });
    [all, v2Only, onlyRead, unsubscribed] = await h.endpoints(
      tenant.tenantId,
      { url: 'https://all.example', eventTypes: ['*'] },
      { url: 'https://v2.example', eventTypes: ['status@2'] },
      {
        url: 'https://read.example',
        eventTypes: ['status'],
        payloadFilter: { status: { $in: ['read'] } },
      },
      { url: 'https://none.example', eventTypes: ['nothing.*'] },
    );
    await pollUntil(() => h.view.eventType(tenant.tenantId, 'status', 2), { what: 'catalog' });
  });

  it('refuses an event type the catalog lacks, over HTTP (400) and NATS, and records both', async () => {
    const response = await post({ type: 'nope', payload: {} });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'unknown_event_type' });
    expect(body.error.message).toContain('"nope" is not in the tenant\'s catalog');
    await h.app
      .get(Publisher)
      .publishRaw(ns().ingestSubject(tenant.tenantId, 'also.nope'), new TextEncoder().encode('{}'));
    expect((await rejection('unknown_event_type', 'nats')).event_type).toBe('also.nope');
    expect((await rejection('unknown_event_type', 'http')).event_type).toBe('nope');
  });

  it('refuses an unknown version and says which versions exist', async () => {
    const response = await post({ type: 'status', version: 3, payload: {} });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.message).toContain('(it has 1, 2)');
    const bad = await post({ type: 'status', version: 0, payload: {} });
    expect(((await bad.json()) as ErrorBody).error.code).toBe('validation_failed');
  });

  it('refuses a payload that breaks the schema with every error, and records them', async () => {
    const response = await post({ type: 'AgentLog', payload: { agent: 7 } });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.code).toBe('schema_validation_failed');
    expect(error.details).toEqual([
      { field: 'payload', reason: "must have required property 'isLogin'" },
      { field: 'payload.agent', reason: 'must be string' },
    ]);
    const recorded = await rejection('schema_validation_failed', 'http');
    expect(recorded.reason).toContain('payload.agent must be string');

    await h.app
      .get(Publisher)
      .publishRaw(
        ns().ingestSubject(tenant.tenantId, 'AgentLog'),
        new TextEncoder().encode('{"agent":"a"}'),
      );
    expect((await rejection('schema_validation_failed', 'nats')).reason).toContain('isLogin');
  });

  it('applies the envelope once, keeps the producer bytes, and stores payload and body', async () => {
    const raw = '{"agent":"agentTest", "isLogin":true}';
    await h.app
      .get(Publisher)
      .publishRaw(ns().ingestSubject(tenant.tenantId, 'AgentLog'), new TextEncoder().encode(raw), {
        headers: { 'Herald-Idempotency-Key': 'env-1' },
      });
    const id = messageIdFor(tenant.tenantId, 'env-1');
    const [task] = await tasksOf(id, 1);
    expect(task?.endpointId).toBe(all.id);
    expect(task?.payload).toMatch(
      /^\{"event":"AgentLog","date":"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d","agent":"agentTest", "isLogin":true\}$/,
    );
    const message = (await (
      await h.request('GET', `/v1/messages/${id}`, tenant.apiKey)
    ).json()) as { payload: string; body: string; eventVersion: number };
    expect(message).toMatchObject({ payload: raw, body: task?.payload, eventVersion: 1 });
    expect(agentLog.envelope?.mode).toBe('merge');
  });

  it('refuses a non-object payload when the envelope merges fields into it', async () => {
    const response = await post({ type: 'AgentLog', payload: [1] });
    // The schema speaks first here: it wants an object too.
    expect(((await response.json()) as ErrorBody).error.code).toBe('schema_validation_failed');
    await h.seed.eventType(tenant.tenantId, 'merge.only', {
      envelope: { mode: 'merge', fields: { event: { from: 'eventType' } }, dataField: null },
    });
    await pollUntil(() => h.view.eventType(tenant.tenantId, 'merge.only', 1), { what: 'type' });
    const scalar = await post({ type: 'merge.only', payload: 'text' });
    expect(scalar.status).toBe(400);
    expect(((await scalar.json()) as ErrorBody).error.code).toBe('payload_not_object');
  });

  it('delivers versions side by side: unpinned filters get the default version, pinned ones theirs', async () => {
    const v1 = await post({ type: 'status', id: 'st-1', payload: { status: 'read' } });
    const v2 = await post({ type: 'status', version: 2, id: 'st-2', payload: { status: 'read' } });
    expect([v1.status, v2.status]).toEqual([202, 202]);
    const first = await tasksOf(messageIdFor(tenant.tenantId, 'st-1'), 2);
    expect(first.map((t) => t.endpointId).sort()).toEqual([all.id, onlyRead.id].sort());
    const second = await tasksOf(messageIdFor(tenant.tenantId, 'st-2'), 1);
    expect(second.map((t) => t.endpointId)).toEqual([v2Only.id]);
  });

  it('moves unpinned subscribers to the next version when the default one is archived', async () => {
    const v1 = h.view.eventType(tenant.tenantId, 'status', 1)!;
    await h.seed.eventType(tenant.tenantId, 'status', { ...v1, archived: true });
    await pollUntil(() => h.view.eventType(tenant.tenantId, 'status', 1)?.archived, {
      what: 'archive in the read model',
    });
    const old = await post({ type: 'status', id: 'st-3', payload: { status: 'read' } });
    expect(old.status).toBe(202); // archived versions are still accepted
    const next = await post({
      type: 'status',
      version: 2,
      id: 'st-4',
      payload: { status: 'read' },
    });
    expect(next.status).toBe(202);
    const forOld = await fannedOut(messageIdFor(tenant.tenantId, 'st-3'));
    expect(forOld.endpoint_ids).toEqual([]);
    const forNext = await tasksOf(messageIdFor(tenant.tenantId, 'st-4'), 3);
    expect(forNext.map((t) => t.endpointId).sort()).toEqual(
      [all.id, v2Only.id, onlyRead.id].sort(),
    );
  });

  it('applies payload filters to the producer payload', async () => {
    await post({ type: 'status', version: 2, id: 'st-5', payload: { status: 'delivered' } });
    const tasks = await tasksOf(messageIdFor(tenant.tenantId, 'st-5'), 2);
    expect(tasks.map((t) => t.endpointId)).not.toContain(onlyRead.id);
  });

  it('delivers a targeted test to that endpoint only, whatever its filters', async () => {
    const publisher = h.app.get(Publisher);
    const target = { 'Herald-Target-Endpoint': unsubscribed.id };
    await publisher.publishRaw(
      ns().ingestSubject(tenant.tenantId, 'herald.test'),
      new TextEncoder().encode('{"test":true}'),
      { headers: { ...target, 'Herald-Idempotency-Key': 'test-1' } },
    );
    const [task] = await tasksOf(messageIdFor(tenant.tenantId, 'test-1'), 1);
    expect(task).toMatchObject({ endpointId: unsubscribed.id, payload: '{"test":true}' });

    await publisher.publishRaw(
      ns().ingestSubject(tenant.tenantId, 'herald.test'),
      new TextEncoder().encode('{}'),
      { headers: { 'Herald-Idempotency-Key': 'test-2' } },
    );
    expect((await rejection('reserved_event_type', 'nats')).event_type).toBe('herald.test');
    const http = await post({ type: 'herald.test', payload: {} });
    expect(((await http.json()) as ErrorBody).error.code).toBe('reserved_event_type');
  });

  it('lets admin and publisher keys publish, and refuses the other roles with 403', async () => {
    for (const role of ['viewer', 'configurator'] as const) {
      const key = await h.apiKey(tenant.tenantId, role);
      const response = await post({ type: 'status', payload: {} }, key);
      expect(response.status).toBe(403);
      expect(((await response.json()) as ErrorBody).error.code).toBe('forbidden');
    }
    const publisher = await h.apiKey(tenant.tenantId, 'publisher');
    expect((await post({ type: 'status', version: 2, payload: {} }, publisher)).status).toBe(202);
    expect((await h.request('GET', '/v1/messages', publisher)).status).toBe(403);
  });

  it('lists rejections of the caller only, newest first, filterable by code', async () => {
    const response = await h.request(
      'GET',
      '/v1/rejections?code=schema_validation_failed&limit=1',
      tenant.apiKey,
    );
    const page = (await response.json()) as {
      data: { code: string; reason: string }[];
      nextCursor: string | null;
    };
    expect(page.data).toHaveLength(1);
    expect(page.data[0]?.code).toBe('schema_validation_failed');
    expect(page.nextCursor).not.toBeNull();
    const next = (await (
      await h.request(
        'GET',
        `/v1/rejections?code=schema_validation_failed&cursor=${page.nextCursor}`,
        tenant.apiKey,
      )
    ).json()) as { data: unknown[]; nextCursor: string | null };
    expect(next).toMatchObject({ nextCursor: null });
    // HTTP, NATS and the non-object payload: three in all, none shown twice.
    expect(next.data).toHaveLength(2);
    expect(next.data).not.toContainEqual(page.data[0]);
    const other = await h.seed.tenant('globex');
    await pollUntil(() => h.view.tenant(other.tenantId), { what: 'other tenant' });
    const theirs = (await (await h.request('GET', '/v1/rejections', other.apiKey)).json()) as {
      data: unknown[];
    };
    expect(theirs.data).toEqual([]);
  });
});
