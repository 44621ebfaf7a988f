import { beforeAll, describe, expect, it } from '@jest/globals';
import { Namespace, type EndpointView } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { pollUntil } from '@herald/testing';
import { messageIdFor } from '../src/events/event-rules.js';
import { IngestHarness } from './harness.js';

interface MessageBody {
  id: string;
  eventType: string;
  channel: string | null;
  createdAt: string;
  endpointIds: string[] | null;
  payload: string;
}

describe('GET /v1/messages/:id (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite();
  let tenant: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  let endpoint: EndpointView;

  beforeAll(async () => {
    tenant = await h.seed.tenant('acme');
    other = await h.seed.tenant('globex');
    endpoint = await h.seed.endpoint(tenant.tenantId, { url: 'https://a.example' });
    await h.endpointsVisible(tenant.tenantId, 1);
  });

  it('returns the message with its payload as the exact stored text', async () => {
    const raw = '{ "z": 1,   "a": [1.50, "é"] }';
    await h.app
      .get(Publisher)
      .publishRaw(
        new Namespace(h.namespace).ingestSubject(tenant.tenantId, 'order.paid'),
        new TextEncoder().encode(raw),
        { headers: { 'Herald-Idempotency-Key': 'get-1', 'Herald-Channel': 'web' } },
      );
    const body = await pollUntil(
      async () => {
        const response = await h.request('GET', `/v1/messages/${idOf('get-1')}`, tenant.apiKey);
        if (response.status !== 200) return undefined;
        const message = (await response.json()) as MessageBody;
        return message.endpointIds ? message : undefined;
      },
      { what: 'message readable and fanned out' },
    );
    expect(body).toEqual({
      id: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
      eventType: 'order.paid',
      eventVersion: 1,
      channel: 'web',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      endpointIds: [endpoint.id],
      payload: raw,
      body: raw,
    });
  });

  it("answers 404 for another tenant's message and for unknown ids, 401 without a key", async () => {
    const response = await h.request('POST', '/v1/events', tenant.apiKey, {
      type: 'x.y',
      id: 'get-2',
      payload: { secret: 'acme only' },
    });
    const { id } = (await response.json()) as { id: string };
    await pollUntil(
      async () => (await h.request('GET', `/v1/messages/${id}`, tenant.apiKey)).status === 200,
      { what: 'message stored' },
    );
    const foreign = await h.request('GET', `/v1/messages/${id}`, other.apiKey);
    expect(foreign.status).toBe(404);
    const body = (await foreign.json()) as { error: { code: string } };
    expect(body.error.code).toBe('not_found');
    expect(JSON.stringify(body)).not.toContain('acme only');
    expect(
      (await h.request('GET', `/v1/messages/msg_${'0'.repeat(32)}`, tenant.apiKey)).status,
    ).toBe(404);
    expect((await h.request('GET', '/v1/messages/not-an-id', tenant.apiKey)).status).toBe(404);
    expect((await h.request('GET', `/v1/messages/${id}`, null)).status).toBe(401);
  });

  it('lets a viewer key read messages', async () => {
    const viewer = await h.apiKey(tenant.tenantId, 'viewer');
    const id = idOf('get-1');
    expect((await h.request('GET', `/v1/messages/${id}`, viewer)).status).toBe(200);
  });

  /** The message id ingest derives from an idempotency key of this tenant. */
  const idOf = (key: string) => messageIdFor(tenant.tenantId, key);
});
