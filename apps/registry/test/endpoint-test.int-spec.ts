import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { Namespace, type AttemptOutcome } from '@herald/contracts';
import { anAttemptOutcome, TEST_NATS_URL } from '@herald/testing';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

interface TestResult {
  messageId: string;
  eventType: string;
  version: number;
  status: string;
  attempt: Record<string, unknown> | null;
}

/**
 * The registry's half of `POST /v1/endpoints/:id/test`: what it publishes on
 * the ingest subject, and how it answers from the attempt it sees on
 * `attempt.v1`. Ingest and dispatcher are played here by a small fake that
 * answers each targeted event with an outcome (the real pipeline is covered
 * end to end in test/e2e).
 */
describe('POST /v1/endpoints/:id/test (real NATS + Postgres)', () => {
  let registry: RegistryHarness;
  let nc: NatsConnection;
  let ns: Namespace;
  let tenant: { id: string; apiKey: string };
  let endpointId: string;
  let fake: Subscription;
  const seen: { subject: string; data: string; headers: Record<string, string> }[] = [];
  let answer: (messageId: string) => Partial<AttemptOutcome> | null = () => ({});

  beforeAll(async () => {
    registry = await RegistryHarness.start({ HERALD_ENDPOINT_TEST_WAIT: '500ms' });
    ns = new Namespace(registry.namespace);
    nc = await connect({ servers: TEST_NATS_URL });
    tenant = await registry.createTenant('acme', []);
    await registry.request('POST', '/v1/event-types', {
      token: tenant.apiKey,
      body: {
        name: 'AgentLog',
        schema: { type: 'object', required: ['agent'] },
        example: { agent: 'agentTest', isLogin: true },
      },
    });
    const created = await registry.request<{ id: string }>('POST', '/v1/endpoints', {
      token: tenant.apiKey,
      body: { url: 'https://example.com/h', eventTypes: ['AgentLog'] },
    });
    endpointId = created.body.id;
    // The fake pipeline: every targeted event gets the outcome `answer` gives (or none).
    fake = nc.subscribe(`${registry.namespace}.ingest.${tenant.id}.>`);
    void (async () => {
      for await (const message of fake) {
        const headers: Record<string, string> = {};
        for (const [name, values] of message.headers ?? []) headers[name] = values[0] ?? '';
        seen.push({ subject: message.subject, data: message.string(), headers });
        const { messageIdFor } = await import('@herald/contracts');
        const messageId = messageIdFor(tenant.id, headers['Herald-Idempotency-Key'] ?? '');
        const fields = answer(messageId);
        if (fields === null) continue;
        const outcome = anAttemptOutcome({
          attemptId: `${messageId}:${endpointId}:1`,
          messageId,
          tenantId: tenant.id,
          endpointId,
          eventType: 'herald.test',
          latencyMs: 12.5,
          url: 'https://example.com/h',
          ...fields,
        });
        // Another endpoint's outcome on the same subject first: it must be ignored.
        nc.publish(
          ns.subject('attempt.v1', endpointId),
          JSON.stringify({ ...outcome, messageId: 'msg_other' }),
        );
        nc.publish(ns.subject('attempt.v1', endpointId), JSON.stringify(outcome));
      }
    })();
  });

  afterAll(async () => {
    fake?.unsubscribe();
    await nc?.close();
    await registry?.close();
  });

  const test = (body: unknown = {}, id = endpointId, token = tenant.apiKey) =>
    registry.request<TestResult & ErrorBody>('POST', `/v1/endpoints/${id}/test`, { token, body });

  it('publishes a targeted herald.test event and answers with the attempt', async () => {
    answer = () => ({});
    const response = await test();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      messageId: expect.stringMatching(/^msg_[0-9a-f]{32}$/) as unknown,
      eventType: 'herald.test',
      version: 1,
      status: 'delivered',
      attempt: {
        statusCode: 200,
        latencyMs: 12.5,
        reason: 'delivered',
        error: null,
        responseBody: 'ok',
        at: expect.any(String) as unknown,
      },
    });
    const published = seen.at(-1)!;
    expect(published.subject).toBe(`${registry.namespace}.ingest.${tenant.id}.herald.test`);
    expect(published.headers).toMatchObject({
      'Herald-Target-Endpoint': endpointId,
      'Herald-Event-Version': '1',
      'Herald-Idempotency-Key': expect.stringMatching(/^test_/) as unknown,
    });
    expect(JSON.parse(published.data)).toMatchObject({ type: 'herald.test', endpointId });
  });

  it('sends a catalog event with its example, or the payload given', async () => {
    const example = await test({ eventType: 'AgentLog' });
    expect(example.body).toMatchObject({ eventType: 'AgentLog', status: 'delivered' });
    expect(JSON.parse(seen.at(-1)!.data)).toEqual({ agent: 'agentTest', isLogin: true });
    const given = await test({ eventType: 'AgentLog', payload: { agent: 'x' } });
    expect(given.status).toBe(200);
    expect(seen.at(-1)!.data).toBe('{"agent":"x"}');
    const invalid = await test({ eventType: 'AgentLog', payload: { nope: 1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0]?.reason).toContain("required property 'agent'");
    const unknown = await test({ eventType: 'Nope' });
    expect(unknown.status).toBe(400);
  });

  it('reports a failed attempt with its status and error', async () => {
    answer = () => ({
      outcome: 'failure',
      reason: 'http_status',
      statusCode: 500,
      error: 'HTTP 500',
      final: false,
    });
    const response = await test();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'failed',
      attempt: { statusCode: 500, error: 'HTTP 500', reason: 'http_status' },
    });
  });

  it('answers 202 pending when no attempt comes in time', async () => {
    answer = () => null;
    const response = await test();
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ status: 'pending', attempt: null });
  });

  it('refuses a disabled endpoint (409) and publishes nothing', async () => {
    await registry.request('PATCH', `/v1/endpoints/${endpointId}`, {
      token: tenant.apiKey,
      body: { enabled: false },
    });
    const before = seen.length;
    const response = await test();
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('endpoint_disabled');
    expect(response.body.error.message).toContain('enable it');
    expect(seen.length).toBe(before);
    await registry.request('PATCH', `/v1/endpoints/${endpointId}`, {
      token: tenant.apiKey,
      body: { enabled: true },
    });
  });

  it('refuses a paused endpoint (409) until the pause ends', async () => {
    const { jetstream } = await import('@nats-io/jetstream');
    const kv = await new Kvm(jetstream(nc)).create(ns.endpointStateBucket, { history: 1 });
    const until = new Date(Date.now() + 60_000).toISOString();
    await kv.put(
      `endpoint.${endpointId}`,
      JSON.stringify({
        endpointId,
        tenantId: tenant.id,
        state: 'paused',
        until,
        reason: 'failures',
        at: until,
      }),
    );
    let response = await test();
    for (let i = 0; i < 50 && response.status !== 409; i++) response = await test();
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('endpoint_paused');
    await kv.delete(`endpoint.${endpointId}`);
  });

  it('answers 404 for another tenant’s endpoint and unknown ids', async () => {
    const other = await registry.createTenant('globex', []);
    expect((await test({}, endpointId, other.apiKey)).status).toBe(404);
    expect((await test({}, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await test({ colour: 'red' })).status).toBe(400);
  });
});
