import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Namespace } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { RegistryView } from '@herald/registry-view';
import { hashApiKey } from '@herald/api-auth';
import { baseUrl, inProcessEnv, pollUntil } from '@herald/testing';
import { startIngest } from '../src/app.js';
import { loadIngestConfig } from '../src/config.js';
import { IngestHarness } from './harness.js';

/**
 * The per-tenant event rate, with two ingest replicas on one Postgres and
 * one namespace: HTTP answers 429 `rate_limited` with `Retry-After` once the
 * tenant's budget is spent on either replica; over NATS the events above
 * the rate are refused and recorded as `rate_limited`.
 */
describe('ingest rate limit per tenant across two replicas', () => {
  let harness: IngestHarness;
  let second: INestApplication;
  const RATE = '4/1m';

  beforeAll(async () => {
    harness = await IngestHarness.start({ HERALD_RATE_LIMIT_INGEST: RATE });
    second = await startIngest(
      loadIngestConfig({
        ...inProcessEnv('ingest', harness.namespace, harness.db.url),
        HERALD_UNKNOWN_TENANT_GRACE: '0ms',
        HERALD_RATE_LIMIT_INGEST: RATE,
      }),
    );
  });

  afterAll(async () => {
    await second?.close();
    await harness?.close();
  });

  it('answers 429 rate_limited with Retry-After over HTTP once the tenant budget is spent', async () => {
    const tenant = await harness.seed.tenant();
    const endpoint = await harness.seed.endpoint(tenant.tenantId, { url: 'https://a.example' });
    const hash = hashApiKey(tenant.apiKey);
    await pollUntil(
      () =>
        [harness.view, second.get(RegistryView)].every(
          (view) => view.tenant(tenant.tenantId) && view.apiKey(hash) && view.endpoint(endpoint.id),
        ),
      { what: 'both replicas know the tenant and its key' },
    );
    const bases = [harness.base, baseUrl(second)];
    const post = (i: number) =>
      fetch(`${bases[i % 2]}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
        body: JSON.stringify({ type: 'order.paid', id: `http-${i}`, payload: { i } }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await post(i)).status);
    expect(statuses).toEqual([202, 202, 202, 202]);
    // The consumer (on either replica) takes the points as it processes the four events.
    await pollUntil(
      async () =>
        (await harness.tasks()).filter((t) => t.task.tenantId === tenant.tenantId).length === 4,
      { what: 'four events fanned out' },
    );
    for (const i of [4, 5]) {
      const refused = await post(i);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await refused.json()) as { error: { code: string } };
      expect(body.error.code).toBe('rate_limited');
    }
    // Another tenant has its own budget.
    const other = await harness.seed.tenant();
    const accepted = await pollUntil(async () => {
      const response = await fetch(`${harness.base}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${other.apiKey}` },
        body: JSON.stringify({ type: 'order.paid', id: 'other-1', payload: {} }),
      });
      return response.status === 202 ? response : undefined;
    });
    expect(accepted.status).toBe(202);
  });

  it('refuses NATS events above the rate and records them as rate_limited', async () => {
    const tenant = await harness.seed.tenant();
    const endpoint = await harness.seed.endpoint(tenant.tenantId, { url: 'https://a.example' });
    await pollUntil(() => harness.view.endpoint(endpoint.id), { what: 'endpoint in the view' });
    const ns = new Namespace(harness.namespace);
    const publisher = harness.app.get(Publisher);
    for (let i = 0; i < 6; i += 1) {
      await publisher.publishRaw(
        ns.ingestSubject(tenant.tenantId, 'order.paid'),
        new TextEncoder().encode(JSON.stringify({ i })),
        { headers: { 'Herald-Idempotency-Key': `nats-${i}` } },
      );
    }
    const rejected = await pollUntil(
      async () => {
        const r = await harness.sql.query<{ code: string }>(
          `SELECT code FROM ingest.rejections WHERE source = 'nats' AND tenant_id = $1`,
          [tenant.tenantId],
        );
        return r.rows.length >= 2 ? r.rows : undefined;
      },
      { what: 'two rate_limited rejections' },
    );
    expect(rejected.map((r) => r.code)).toEqual(['rate_limited', 'rate_limited']);
    const delivered = await pollUntil(
      async () => {
        const tasks = (await harness.tasks()).filter((t) => t.task.tenantId === tenant.tenantId);
        return tasks.length >= 4 ? tasks : undefined;
      },
      { what: 'four events fanned out' },
    );
    expect(delivered).toHaveLength(4);
  });
});
