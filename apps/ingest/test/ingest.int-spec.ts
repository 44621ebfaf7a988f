import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  BATCH_TOKEN,
  deliveryMessageSchema,
  deliveryTaskId,
  isDeliveryBatch,
  Namespace,
  type EndpointView,
} from '@herald/contracts';
import { batchMessageId, NatsClient, Publisher } from '@herald/messaging';
import { pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

describe('ingest (real NATS + Postgres)', () => {
  let h: IngestHarness;
  let ns: Namespace;
  let sql: IngestHarness['sql'];
  let app: IngestHarness['app'];
  let base: string;
  let tenant: { tenantId: string; apiKey: string };
  let all: EndpointView;
  let messagesOnly: EndpointView;
  let webOnly: EndpointView;
  let disabled: EndpointView;

  const tasks = async () => (await h.tasks()).map((t) => t.task);
  const post = (body: unknown, key = tenant.apiKey) =>
    fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    h = await IngestHarness.start({ HERALD_MAX_PAYLOAD_BYTES: '1024' });
    ({ sql, app, base } = h);
    ns = new Namespace(h.namespace);
    tenant = await h.seed.tenant();
    [all, messagesOnly, webOnly, disabled] = await h.endpoints(
      tenant.tenantId,
      { url: 'https://a.example', eventTypes: ['*'] },
      { url: 'https://b.example', eventTypes: ['message.*'] },
      { url: 'https://c.example', eventTypes: ['*'], channels: ['web'] },
      {
        url: 'https://d.example',
        enabled: false,
        disabledReason: 'operator',
        disabledAt: new Date().toISOString(),
      },
    );
  });

  afterAll(async () => {
    await h.close();
  });

  it('accepts an HTTP event, stores it once and fans out to every matching endpoint, disabled ones included', async () => {
    const response = await post({ type: 'message.created', id: 'evt-1', payload: { text: 'hi' } });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^msg_/);
    const forMessage = await pollUntil(
      async () => {
        const found = (await tasks()).filter((t) => t.messageId === id);
        return found.length === 3 ? found : undefined;
      },
      { what: 'three delivery tasks' },
    );
    // The disabled endpoint gets its task too: the dispatcher holds it until re-enabled.
    expect(forMessage.map((t) => t.endpointId).sort()).toEqual(
      [all.id, messagesOnly.id, disabled.id].sort(),
    );
    expect(forMessage[0]?.payload).toBe('{"text":"hi"}');
    // The fan-out is marked just after the last task is stored: wait for it.
    const row = await pollUntil(
      async () => {
        const r = await sql.query<{ endpoint_ids: string[]; fanned_out_at: Date | null }>(
          'SELECT endpoint_ids, fanned_out_at FROM ingest.fan_outs WHERE message_id = $1',
          [id],
        );
        return r.rows[0]?.fanned_out_at ? r.rows[0] : undefined;
      },
      { what: 'message marked fanned out' },
    );
    expect([...row.endpoint_ids].sort()).toEqual([all.id, messagesOnly.id, disabled.id].sort());
  });

  it('publishes a fan-out in one batch message, and redoes an interrupted one task by task under their own ids', async () => {
    const response = await post({ type: 'message.created', id: 'evt-batch', payload: {} });
    const { id } = (await response.json()) as { id: string };
    const ofMessage = async () => (await h.tasks()).filter((t) => t.task.messageId === id);
    await h.fannedOut([id]);
    const batched = await ofMessage();
    expect(batched).toHaveLength(3);
    // Tasks fanned out in one turn ride in one message on the batch subject.
    expect(new Set(batched.map((t) => t.msgId)).size).toBe(1);
    expect(batched[0]?.subject).toBe(ns.subject('deliver.v1', BATCH_TOKEN));
    expect(batched[0]?.msgId).toBe(
      batchMessageId(
        'tasks',
        batched.map((t) => deliveryTaskId(t.task)),
      ),
    );

    // As if ingest had died between the tasks' PubAck and the mark: the event
    // comes again (over NATS with the same idempotency key and no
    // Nats-Msg-Id, which the stream would have de-duplicated).
    await sql.query('DELETE FROM ingest.fan_outs WHERE message_id = $1', [id]);
    await app
      .get(Publisher)
      .publishRaw(
        ns.ingestSubject(tenant.tenantId, 'message.created'),
        new TextEncoder().encode('{}'),
        {
          headers: { 'Herald-Idempotency-Key': 'evt-batch' },
        },
      );
    const redone = await pollUntil(
      async () => {
        const alone = (await ofMessage()).filter((t) => t.msgId !== batched[0]?.msgId);
        return alone.length === 3 ? alone : undefined;
      },
      { what: 'the fan-out redone', timeoutMs: 20_000 },
    );
    for (const t of redone) {
      expect(t.subject).toBe(ns.subject('deliver.v1', t.task.endpointId));
      expect(t.msgId).toBe(deliveryTaskId(t.task));
    }
  });

  it('takes the fan-out mark a replica of the previous version wrote on the message row', async () => {
    const response = await post({ type: 'message.created', id: 'evt-old-mark', payload: {} });
    const { id } = (await response.json()) as { id: string };
    await h.fannedOut([id]);
    const ofMessage = async () => (await tasks()).filter((t) => t.messageId === id);
    expect(await ofMessage()).toHaveLength(3);
    // Before ADR 0107 the mark was an update of the message row.
    await sql.query('DELETE FROM ingest.fan_outs WHERE message_id = $1', [id]);
    await sql.query(
      'UPDATE ingest.messages SET fanned_out_at = now(), endpoint_ids = $2 WHERE id = $1',
      [id, [all.id]],
    );

    const shown = await h.request('GET', `/v1/messages/${id}`, tenant.apiKey);
    expect(((await shown.json()) as { endpointIds: string[] | null }).endpointIds).toEqual([
      all.id,
    ]);
    const listed = await h.request('GET', '/v1/messages?limit=100', tenant.apiKey);
    const page = (await listed.json()) as { data: { id: string; endpointIds: string[] | null }[] };
    expect(page.data.find((m) => m.id === id)?.endpointIds).toEqual([all.id]);

    // The same event again is a duplicate of a finished fan-out: nothing is redone.
    const duplicates = () => h.metric('herald_ingest_messages_total', { outcome: 'duplicate' });
    const before = await duplicates();
    await app
      .get(Publisher)
      .publishRaw(
        ns.ingestSubject(tenant.tenantId, 'message.created'),
        new TextEncoder().encode('{}'),
        { headers: { 'Herald-Idempotency-Key': 'evt-old-mark' } },
      );
    await pollUntil(async () => (await duplicates()) > before || undefined, {
      what: 'the copy counted as a duplicate',
      timeoutMs: 20_000,
    });
    expect(await ofMessage()).toHaveLength(3);
  });

  it("writes an event's tasks as groups of at most 100 endpoints, each carrying the payload once", async () => {
    const wide = await h.seed.tenant();
    const count = 250;
    const endpoints = await h.endpoints(
      wide.tenantId,
      ...Array.from({ length: count }, (_, i) => ({
        url: `https://wide-${i}.example`,
        eventTypes: ['*'],
      })),
    );
    await h.endpointsVisible(wide.tenantId, count);
    const marker = 'payload-written-once-9f3c';
    const response = await post(
      { type: 'message.created', id: 'evt-wide', payload: { marker } },
      wide.apiKey,
    );
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await h.fannedOut([id]);
    const messages = (await h.deliverMessages()).filter((m) => m.data.includes(id));
    expect(messages.length).toBeGreaterThanOrEqual(Math.ceil(count / 100));
    const seen: string[] = [];
    for (const m of messages) {
      expect(m.subject).toBe(ns.subject('deliver.v1', BATCH_TOKEN));
      const batch = deliveryMessageSchema.parse(JSON.parse(m.data));
      if (!isDeliveryBatch(batch)) throw new Error('expected a batch');
      expect(batch.tasks).toBeUndefined();
      const groups = batch.groups ?? [];
      // The payload is written once per group, never once per endpoint.
      expect(m.data.split(marker).length - 1).toBe(groups.length);
      for (const group of groups) {
        expect(group.endpointIds.length).toBeLessThanOrEqual(100);
        expect(group.payload).toBe(JSON.stringify({ marker }));
        seen.push(...group.endpointIds);
      }
    }
    expect(seen.sort()).toEqual(endpoints.map((e) => e.id).sort());
  });

  it('de-duplicates events that reuse an id', async () => {
    const first = await post({ type: 'order.paid', id: 'dup-1', payload: { n: 1 } });
    const second = await post({ type: 'order.paid', id: 'dup-1', payload: { n: 1 } });
    const { id } = (await first.json()) as { id: string };
    expect(((await second.json()) as { id: string }).id).toBe(id);
    await pollUntil(
      async () => {
        const r = await sql.query<{ fanned_out_at: Date | null }>(
          'SELECT fanned_out_at FROM ingest.fan_outs WHERE message_id = $1',
          [id],
        );
        return r.rows[0]?.fanned_out_at;
      },
      { what: 'fan-out of dup-1' },
    );
    const count = await sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ingest.messages WHERE id = $1',
      [id],
    );
    expect(count.rows[0]?.n).toBe(1);
    const forDup = (await tasks()).filter((t) => t.messageId === id);
    expect(forDup.map((t) => t.endpointId).sort()).toEqual([all.id, disabled.id].sort());
  });

  it('fans out once when two copies of an event arrive together', async () => {
    const publisher = app.get(Publisher);
    const send = () =>
      publisher.publishRaw(
        ns.ingestSubject(tenant.tenantId, 'message.created'),
        new TextEncoder().encode('{"copied":true}'),
        { headers: { 'Herald-Idempotency-Key': 'copied-1' } },
      );
    await Promise.all([send(), send()]);
    const nats = app.get(NatsClient);
    // Both copies acked: the second found the message fanned out (or waited until it was).
    await pollUntil(
      async () =>
        (await nats.jsm.streams.info(ns.stream('ingest'))).state.messages === 0 || undefined,
      { what: 'both copies acked', timeoutMs: 20_000 },
    );
    const copied = (await tasks()).filter((t) => t.payload === '{"copied":true}');
    expect(copied.map((t) => t.endpointId).sort()).toEqual(
      [all.id, messagesOnly.id, disabled.id].sort(),
    );
  });

  it('accepts NATS events byte for byte, with idempotency key and channel headers', async () => {
    const raw = '{ "b": 2,  "a": [1, 2] }';
    await app
      .get(Publisher)
      .publishRaw(ns.ingestSubject(tenant.tenantId, 'chat.opened'), new TextEncoder().encode(raw), {
        headers: { 'Herald-Idempotency-Key': 'nats-1', 'Herald-Channel': 'web' },
      });
    const found = await pollUntil(
      async () => {
        const t = (await tasks()).filter((x) => x.eventType === 'chat.opened');
        return t.length === 3 ? t : undefined;
      },
      { what: 'NATS event fanned out' },
    );
    expect(found.map((t) => t.endpointId).sort()).toEqual([all.id, webOnly.id, disabled.id].sort());
    expect(found.every((t) => t.payload === raw && t.channel === 'web')).toBe(true);
  });

  it('records and terminates malformed NATS events without blocking the ones behind them', async () => {
    const nats = app.get(NatsClient);
    await nats.js.publish(ns.ingestSubject(tenant.tenantId, 'broken'), '{"not json');
    await nats.js.publish(ns.ingestSubject('no-such-tenant', 'x'), '{}');
    await nats.js.publish(ns.ingestSubject(tenant.tenantId, 'after.broken'), '{"ok":true}');
    await pollUntil(async () => (await tasks()).some((t) => t.eventType === 'after.broken'), {
      what: 'event after the malformed one',
    });
    const rejected = await pollUntil(
      async () => {
        const r = await sql.query(
          "SELECT code, reason FROM ingest.rejections WHERE source = 'nats' ORDER BY code",
        );
        return r.rows.length >= 2 ? r.rows : undefined;
      },
      { what: 'rejections recorded' },
    );
    expect(rejected.map((r: { code: string }) => r.code)).toEqual([
      'malformed_json',
      'unknown_tenant',
    ]);
  });

  it('refuses bad HTTP input with a specific error, and records it', async () => {
    const noKey = await fetch(`${base}/v1/events`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    const wrongKey = await post({ type: 'x', payload: {} }, 'hrld_nope');
    expect(wrongKey.status).toBe(401);

    const malformed = await post('{"type": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
      'malformed_json',
    );

    const missing = await post({ payload: {} });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as {
      error: { code: string; details: { field: string }[] };
    };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d) => d.field)).toContain('type');

    const badType = await post({ type: 'has space', payload: {} });
    expect(badType.status).toBe(400);
    expect(((await badType.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_event_type',
    );

    const tooLarge = await post({ type: 'big', payload: { blob: 'x'.repeat(2_000) } });
    expect(tooLarge.status).toBe(413);

    const recorded = await sql.query(
      "SELECT code FROM ingest.rejections WHERE source = 'http' ORDER BY code",
    );
    // What the body parser refuses is recorded too (malformed JSON, a body over its limit).
    expect(recorded.rows.map((r: { code: string }) => r.code)).toEqual([
      'invalid_body',
      'invalid_event_type',
      'malformed_json',
      'payload_too_large',
      'payload_too_large',
    ]);
  });

  it('serves health, readiness and metrics', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /herald_ingest_messages_total\{outcome="stored",service="ingest",herald_namespace="[\w-]+"\} [1-9]/,
    );
    expect(metrics).toMatch(/herald_ingest_rejected_total\{source="nats",code="malformed_json"/);
  });
});
