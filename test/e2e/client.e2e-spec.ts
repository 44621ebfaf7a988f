import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHeraldClient, type HeraldService } from '@herald/client';
import { pollUntil, TestStack } from '@herald/testing';

/**
 * The README walkthrough through @herald/client (types generated from the
 * committed OpenAPI, so this file stops compiling when a route changes shape)
 * against the five real services: a tenant, its catalog, an endpoint, an
 * event published, delivered with a valid signature, the attempt log, a
 * resend, and an error answer typed as Herald's error body.
 */
const ADMIN_TOKEN = 'e2e-client-admin-token-41c2';

describe('@herald/client walkthrough against the real services', () => {
  const stack = new TestStack({
    prefix: 'cl',
    adminToken: ADMIN_TOKEN,
    services: ['registry', 'ingest', 'dispatcher', 'health-monitor'],
  });
  const { receiver } = stack;
  let urls: Record<HeraldService, string>;

  beforeAll(async () => {
    await stack.start();
    urls = {
      registry: stack.url('registry'),
      ingest: stack.url('ingest'),
      dispatcher: stack.url('dispatcher'),
      'health-monitor': stack.url('health-monitor'),
      alerting: 'http://127.0.0.1:1',
    };
  }, 180_000);

  afterAll(() => stack.stop(), 60_000);

  it('creates a tenant and an endpoint, publishes, sees the delivery and the attempt log, resends', async () => {
    const operator = createHeraldClient({ baseUrl: urls, token: ADMIN_TOKEN });
    const tenant = await operator.registry.POST('/v1/tenants', {
      body: { name: 'contact-centre', settings: { maxUrlLength: 256 } },
    });
    expect(tenant.response.status).toBe(201);
    const herald = createHeraldClient({ baseUrl: urls, token: tenant.data!.apiKey });

    const loaded = await herald.registry.POST('/v1/catalogs/{name}/load', {
      params: { path: { name: 'contact-center' } },
    });
    expect(loaded.data!.eventTypes.map((e) => e.name)).toContain('AgentLog');

    const endpoint = await herald.registry.POST('/v1/endpoints', {
      body: { url: receiver.url('/agents'), eventTypes: ['AgentLog'], metadata: { team: 'sup' } },
    });
    expect(endpoint.response.status).toBe(201);
    const endpointId = endpoint.data!.id;
    receiver.expectSecret('/agents', endpoint.data!.secret);

    const published = await herald.ingest.POST('/v1/events', {
      body: { type: 'AgentLog', payload: { agent: 'agentTest', isLogin: true }, id: 'login-1' },
    });
    expect(published.response.status).toBe(202);
    const messageId = published.data!.id;

    const delivered = await pollUntil(() => receiver.on('/agents')[0], {
      timeoutMs: 30_000,
      what: 'the delivery',
    });
    expect(delivered.verified).toBe(true);
    expect(JSON.parse(delivered.body)).toMatchObject({ event: 'AgentLog', agent: 'agentTest' });

    const log = await pollUntil(
      async () => {
        const { data } = await herald.healthMonitor.GET('/v1/endpoints/{id}/attempts', {
          params: { path: { id: endpointId } },
        });
        return data?.data.length ? data.data : undefined;
      },
      { timeoutMs: 30_000, what: 'the attempt log' },
    );
    expect(log[0]).toMatchObject({ messageId, outcome: 'success', statusCode: 204 });

    const resend = await herald.ingest.POST('/v1/messages/{id}/resend', {
      params: { path: { id: messageId } },
      body: { endpointId },
    });
    expect(resend.response.ok).toBe(true);
    await pollUntil(() => receiver.on('/agents').length >= 2, {
      timeoutMs: 30_000,
      what: 'the resend delivered',
    });

    const refused = await herald.ingest.POST('/v1/events', {
      body: { type: 'AgentLog', payload: { agent: 'agentTest' } },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error!.error.code).toBe('schema_validation_failed');
  }, 120_000);
});
