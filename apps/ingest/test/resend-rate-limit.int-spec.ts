import { beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { IngestHarness } from './harness.js';

/** Its own ingest instance: the tiny resend budget would get in the way of the other tests. */
describe('resend rate limit (real NATS + Postgres)', () => {
  const h = IngestHarness.forSuite({ HERALD_RESEND_RATE: '0.5', HERALD_RESEND_BURST: '2' });
  let tenant: { tenantId: string; apiKey: string };
  let other: { tenantId: string; apiKey: string };
  let messageId: string;
  let otherMessageId: string;
  let endpointId: string;
  let otherEndpointId: string;

  const resend = (id: string, endpoint: string, key: string) =>
    h.request('POST', `/v1/messages/${id}/resend`, key, { endpointId: endpoint });

  async function storedMessage(t: { tenantId: string; apiKey: string }): Promise<string> {
    const response = await h.request('POST', '/v1/events', t.apiKey, {
      type: 'order.paid',
      payload: { n: 1 },
    });
    const { id } = (await response.json()) as { id: string };
    await pollUntil(
      async () => (await h.request('GET', `/v1/messages/${id}`, t.apiKey)).status === 200,
      { what: 'message stored' },
    );
    return id;
  }

  beforeAll(async () => {
    // Burst 2, then one resend every 2 s.
    tenant = await h.seed.tenant('acme');
    other = await h.seed.tenant('globex');
    endpointId = (await h.seed.endpoint(tenant.tenantId, { url: 'https://a.example' })).id;
    otherEndpointId = (await h.seed.endpoint(other.tenantId, { url: 'https://b.example' })).id;
    await h.endpointsVisible(tenant.tenantId, 1);
    await h.endpointsVisible(other.tenantId, 1);
    messageId = await storedMessage(tenant);
    otherMessageId = await storedMessage(other);
  });

  it('answers 429 with Retry-After over the burst, per tenant, and lets the tenant in again after it', async () => {
    expect((await resend(messageId, endpointId, tenant.apiKey)).status).toBe(202);
    expect((await resend(messageId, endpointId, tenant.apiKey)).status).toBe(202);
    const limited = await resend(messageId, endpointId, tenant.apiKey);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');

    // Another tenant has its own bucket.
    expect((await resend(otherMessageId, otherEndpointId, other.apiKey)).status).toBe(202);

    // Refused requests were not audited; the two accepted ones were.
    const audited = await h.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM ingest.resends WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(audited.rows[0]?.n).toBe(2);

    // Once the advertised wait has passed, a token is back.
    const started = Date.now();
    await pollUntil(
      async () => (await resend(messageId, endpointId, tenant.apiKey)).status === 202,
      { what: 'resend allowed again', intervalMs: 200, timeoutMs: (retryAfter + 2) * 1000 },
    );
    expect(Date.now() - started).toBeLessThanOrEqual((retryAfter + 1) * 1000);
  });
});
