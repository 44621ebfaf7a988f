import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { pollUntil, TestStack } from '@herald/testing';

/**
 * The whole pipeline, five services as processes: producer → ingest →
 * dispatcher → receiver, attempts → health-monitor, exhausted deliveries →
 * alerting → operator URL.
 */
const ALERT_TOKEN = 'e2e-alert-token-abcdef';

interface Endpoint {
  id: string;
  secret: string;
}

describe('Herald end to end', () => {
  const stack = new TestStack({
    prefix: 'e2e',
    connectNats: true,
    env: (receiver) => ({
      HERALD_RETRY_SCHEDULE: '100ms,200ms',
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
      HERALD_ALERT_TOKEN: ALERT_TOKEN,
    }),
  });
  const { receiver, ns } = stack;
  const api = stack.api.bind(stack);
  let messages: Endpoint;
  let conversations: Endpoint;
  let failing: Endpoint;

  const createEndpoint = async (route: string, eventTypes: string[]): Promise<Endpoint> => {
    const endpoint = await stack.endpoint(route, { eventTypes });
    expect(endpoint.secret).toMatch(/^whsec_/);
    return endpoint;
  };

  beforeAll(async () => {
    receiver.respond('/failing', () => ({ status: 500, body: 'down for maintenance' }));
    await stack.start();
    // Endpoint filters and events must name event types the tenant's catalog has.
    await stack.tenant('acme', [
      'message_created',
      'conversation.updated',
      'contact.deleted',
      'payment.failed',
    ]);
    messages = await createEndpoint('/messages', ['message_created']);
    conversations = await createEndpoint('/conversations', ['conversation.*']);
    failing = await createEndpoint('/failing', ['payment.failed']);
  }, 120_000);

  afterAll(() => stack.stop());

  it('delivers 200 events, half over NATS and half over HTTP, exactly to their subscribers, signed, once', async () => {
    // Warm-up: once one event per endpoint has arrived, ingest's read model holds both
    // endpoints (it is eventually consistent, within milliseconds of the registry's write).
    await stack.untilIngestAccepts({ type: 'message_created', id: 'warm-1', payload: { seq: -1 } });
    await api('ingest', 'POST', '/v1/events', {
      type: 'conversation.updated',
      id: 'warm-2',
      payload: { seq: -2 },
    });
    await pollUntil(
      () => receiver.on('/messages').length > 0 && receiver.on('/conversations').length > 0,
      { what: 'warm-up deliveries' },
    );
    const types = ['message_created', 'conversation.updated', 'contact.deleted'];
    const expected: Record<string, Set<number>> = {
      '/messages': new Set(),
      '/conversations': new Set(),
    };
    const js = jetstream(stack.nc);
    for (let seq = 0; seq < 200; seq++) {
      const type = types[seq % 3]!;
      if (type === 'message_created') expected['/messages']!.add(seq);
      if (type === 'conversation.updated') expected['/conversations']!.add(seq);
      const payload = { seq, text: `event ${seq}`, nested: { ok: true } };
      // Every tenth event is sent twice with the same id: it must be delivered once.
      const sends = seq % 10 === 0 ? 2 : 1;
      for (let i = 0; i < sends; i++) {
        if (seq % 2 === 0) {
          const h = natsHeaders();
          h.set('Herald-Idempotency-Key', `evt-${seq}`);
          await js.publish(ns.ingestSubject(stack.tenantId, type), JSON.stringify(payload), {
            headers: h,
          });
        } else {
          const sent = await api('ingest', 'POST', '/v1/events', {
            type,
            id: `evt-${seq}`,
            payload,
          });
          expect(sent.status).toBe(202);
        }
      }
    }

    // Events of the run, without the warm-up ones (negative seq).
    const received = (route: string) =>
      receiver
        .on(route)
        .map((r) => (JSON.parse(r.body) as { seq: number }).seq)
        .filter((seq) => seq >= 0);
    await pollUntil(
      () =>
        received('/messages').length >= expected['/messages']!.size &&
        received('/conversations').length >= expected['/conversations']!.size,
      { timeoutMs: 60_000, what: 'every subscribed event delivered' },
    );
    // Nothing is left in flight: every ingest message and delivery task has been acked.
    const jsm = await jetstreamManager(stack.nc);
    await pollUntil(
      async () => {
        const ingest = await jsm.streams.info(ns.stream('ingest'));
        const deliver = await jsm.streams.info(ns.stream('deliver.v1'));
        return ingest.state.messages === 0 && deliver.state.messages === 0;
      },
      { timeoutMs: 30_000, what: 'ingest and deliver streams drained' },
    );

    for (const route of ['/messages', '/conversations']) {
      expect(new Set(received(route))).toEqual(expected[route]);
      expect(received(route)).toHaveLength(expected[route]!.size);
      const requests = receiver.on(route);
      expect(requests.every((r) => r.verified === true)).toBe(true);
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(requests.length);
      expect(requests.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
      expect(requests.every((r) => String(r.headers['user-agent']).startsWith('Herald/'))).toBe(
        true,
      );
    }
    // Payloads arrive exactly as published.
    const sample = receiver
      .on('/messages')
      .find((r) => (JSON.parse(r.body) as { seq: number }).seq === 0);
    expect(sample?.body).toBe(JSON.stringify({ seq: 0, text: 'event 0', nested: { ok: true } }));

    // The attempt log and the metrics agree with what the receiver saw.
    for (const [endpoint, route] of [
      [messages, '/messages'],
      [conversations, '/conversations'],
    ] as const) {
      const log = await pollUntil(
        async () => {
          const attempts = await api(
            'health-monitor',
            'GET',
            `/v1/endpoints/${endpoint.id}/attempts?limit=500`,
          );
          const data = attempts.body.data as { outcome: string; messageId: string }[];
          return data.length === receiver.on(route).length ? data : undefined;
        },
        { what: `attempt log of ${route}` },
      );
      expect(log.every((a) => a.outcome === 'success')).toBe(true);
      expect(new Set(log.map((a) => a.messageId))).toEqual(
        new Set(receiver.on(route).map((r) => r.headers['webhook-id'])),
      );
    }
    const metrics = await (await fetch(`${stack.url('health-monitor')}/metrics`)).text();
    const successes = metrics
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('herald_delivery_attempts_total{') && line.includes('outcome="success"'),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    expect(successes).toBe(receiver.on('/messages').length + receiver.on('/conversations').length);
  }, 120_000);

  it('retries a failing endpoint on the schedule, then alerts the operator once', async () => {
    const sent = await api('ingest', 'POST', '/v1/events', {
      type: 'payment.failed',
      id: 'pay-1',
      payload: { amount: 42 },
    });
    expect(sent.status).toBe(202);
    const alert = await pollUntil(() => receiver.on('/alerts')[0], {
      timeoutMs: 30_000,
      what: 'alert received',
    });
    // One initial attempt plus the two scheduled retries.
    expect(receiver.on('/failing')).toHaveLength(3);
    expect(alert.headers.authorization).toBe(`Bearer ${ALERT_TOKEN}`);
    const body = JSON.parse(alert.body) as {
      kind: string;
      tenantId: string;
      data: Record<string, unknown>;
    };
    expect(body.kind).toBe('delivery.exhausted');
    expect(body.tenantId).toBe(stack.tenantId);
    expect(body.data.endpointId).toBe(failing.id);
    expect(body.data.statusCode).toBe(500);
    expect(body.data.messageId).toBe(sent.body.id);
    // No secret of the endpoint leaks into the alert.
    expect(alert.body).not.toContain(failing.secret);
    expect(alert.body).not.toContain(stack.apiKey);
    const attempts = await api('health-monitor', 'GET', `/v1/endpoints/${failing.id}/attempts`);
    expect((attempts.body.data as { statusCode: number }[]).map((a) => a.statusCode)).toEqual([
      500, 500, 500,
    ]);
    expect(receiver.on('/alerts')).toHaveLength(1);
  }, 60_000);

  it('keeps every other tenant out', async () => {
    const other = await api(
      'registry',
      'POST',
      '/v1/tenants',
      { name: 'globex' },
      stack.adminToken,
    );
    const otherKey = other.body.apiKey as string;
    expect(
      (await api('registry', 'GET', `/v1/endpoints/${messages.id}`, undefined, otherKey)).status,
    ).toBe(404);
    const attempts = await api(
      'health-monitor',
      'GET',
      `/v1/endpoints/${messages.id}/attempts`,
      undefined,
      otherKey,
    );
    expect(attempts.status).toBe(404);
    expect(JSON.stringify(attempts.body)).not.toContain('msg_');
  });
});
