import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deliveryTaskId, Namespace, type EndpointView } from '@herald/contracts';
import { hashApiKey } from '@herald/api-auth';
import { pollUntil } from '@herald/testing';
import { IngestHarness, type PublishedTask } from './harness.js';

interface ResendBody {
  replayId: string;
  messageId: string;
  endpointId: string;
}

describe('POST /v1/messages/:id/resend (real NATS + Postgres)', () => {
  let h: IngestHarness;
  let ns: Namespace;
  let tenant: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  let subscribed: EndpointView;
  let unsubscribed: EndpointView;
  let foreignEndpoint: EndpointView;
  let messageId: string;
  const payload = { order: 42, note: 'résumé' };

  const resend = (id: string, body: unknown, key = tenant.apiKey) =>
    h.request('POST', `/v1/messages/${id}/resend`, key, body);
  const chainsOf = async (endpointId: string): Promise<PublishedTask[]> =>
    (await h.tasks()).filter(
      (t) => t.task.messageId === messageId && t.task.endpointId === endpointId,
    );
  const auditRows = async () =>
    (
      await h.sql.query<{
        id: string;
        tenant_id: string;
        key_id: string;
        message_id: string;
        endpoint_id: string;
        replay_id: string;
        created_at: Date;
      }>('SELECT * FROM ingest.resends ORDER BY created_at')
    ).rows;

  beforeAll(async () => {
    h = await IngestHarness.start();
    ns = new Namespace(h.namespace);
    tenant = await h.seed.tenant('acme');
    other = await h.seed.tenant('globex');
    [subscribed, unsubscribed] = await h.endpoints(
      tenant.tenantId,
      { url: 'https://a.example', eventTypes: ['order.*'] },
      { url: 'https://b.example', eventTypes: ['invoice.created'] },
    );
    [foreignEndpoint] = await h.endpoints(other.tenantId, { url: 'https://c.example' });

    const response = await h.request('POST', '/v1/events', tenant.apiKey, {
      type: 'order.paid',
      id: 'resend-1',
      payload,
    });
    messageId = ((await response.json()) as { id: string }).id;
    // The fan-out's own task (attempt chain without a replay id) must be stored first.
    await pollUntil(async () => (await chainsOf(subscribed.id)).length === 1, {
      what: 'fan-out task',
    });
  });

  afterAll(() => h.close());

  it('publishes a fresh attempt chain with the original payload, even to an endpoint that already had the message', async () => {
    const response = await resend(messageId, { endpointId: subscribed.id });
    expect(response.status).toBe(202);
    const body = (await response.json()) as ResendBody;
    expect(body).toEqual({
      replayId: expect.stringMatching(/^rpl_[0-9a-f-]{36}$/),
      messageId,
      endpointId: subscribed.id,
    });
    const tasks = await pollUntil(
      async () => {
        const found = await chainsOf(subscribed.id);
        return found.length === 2 ? found : undefined;
      },
      { what: 'resent task beside the fan-out task' },
    );
    const replayed = tasks.find((t) => t.task.replayId === body.replayId);
    expect(replayed?.subject).toBe(ns.subject('deliver.v1', subscribed.id));
    expect(replayed?.msgId).toBe(deliveryTaskId(replayed!.task));
    expect(replayed?.task).toMatchObject({
      tenantId: tenant.tenantId,
      eventType: 'order.paid',
      channel: null,
      payload: JSON.stringify(payload),
      attempt: 1,
      notBefore: null,
    });
    // The original fan-out chain is untouched.
    expect(tasks.find((t) => t.task.replayId === null)?.msgId).toBe(
      `${messageId}:${subscribed.id}:1`,
    );
  });

  it('resends to an endpoint that does not subscribe to the event type; twice makes two chains', async () => {
    const first = (await (
      await resend(messageId, { endpointId: unsubscribed.id })
    ).json()) as ResendBody;
    const second = (await (
      await resend(messageId, { endpointId: unsubscribed.id })
    ).json()) as ResendBody;
    expect(first.replayId).not.toBe(second.replayId);
    const tasks = await pollUntil(
      async () => {
        const found = await chainsOf(unsubscribed.id);
        return found.length === 2 ? found : undefined;
      },
      { what: 'two resent tasks' },
    );
    expect(tasks.map((t) => t.task.replayId).sort()).toEqual(
      [first.replayId, second.replayId].sort(),
    );
    expect(new Set(tasks.map((t) => t.msgId)).size).toBe(2);
    expect(tasks.every((t) => t.task.payload === JSON.stringify(payload))).toBe(true);
  });

  it('leaves an audit row per resend, naming tenant, key, message, endpoint and replay', async () => {
    const response = await resend(messageId, { endpointId: unsubscribed.id });
    const { replayId } = (await response.json()) as ResendBody;
    const rows = await auditRows();
    expect(rows.find((r) => r.replay_id === replayId)).toEqual({
      id: replayId.slice('rpl_'.length),
      tenant_id: tenant.tenantId,
      key_id: h.view.apiKey(hashApiKey(tenant.apiKey))?.keyId,
      message_id: messageId,
      endpoint_id: unsubscribed.id,
      replay_id: replayId,
      created_at: expect.any(Date),
    });
    // Every resent task has its audit row, and no row lacks its task.
    const replayIds = (await h.tasks()).flatMap((t) => t.task.replayId ?? []);
    expect(rows.map((r) => r.replay_id).sort()).toEqual(replayIds.sort());
  });

  it("answers 404 for another tenant's message or endpoint and publishes nothing", async () => {
    const before = { tasks: (await h.tasks()).length, audit: (await auditRows()).length };
    const cases = [
      await resend(messageId, { endpointId: foreignEndpoint.id }, other.apiKey),
      await resend(messageId, { endpointId: foreignEndpoint.id }),
      await resend(messageId, { endpointId: 'no-such-endpoint' }),
      await resend(`msg_${'0'.repeat(32)}`, { endpointId: subscribed.id }),
    ];
    for (const response of cases) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await auditRows()).length).toBe(before.audit);
    expect((await h.tasks()).length).toBe(before.tasks);
  });

  it('refuses viewer keys with 403, and keys of any other role may resend', async () => {
    const viewer = await h.apiKey(tenant.tenantId, 'viewer');
    const refused = await resend(messageId, { endpointId: subscribed.id }, viewer);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const configurator = await h.apiKey(tenant.tenantId, 'configurator');
    expect((await resend(messageId, { endpointId: subscribed.id }, configurator)).status).toBe(202);
  });

  it('validates the body and needs a key', async () => {
    const missing = await resend(messageId, {});
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'validation_failed',
    );
    expect((await resend(messageId, { endpointId: subscribed.id, extra: 1 })).status).toBe(400);
    expect((await resend(messageId, { endpointId: subscribed.id }, 'hrld_nope')).status).toBe(401);
  });
});
