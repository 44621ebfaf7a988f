import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { RegistryView } from '@herald/registry-view';
import { hashApiKey } from '@herald/api-auth';
import { baseUrl, inProcessEnv, pollUntil } from '@herald/testing';
import { startIngest } from '../src/app.js';
import { loadIngestConfig } from '../src/config.js';
import { IngestHarness } from './harness.js';

/**
 * HERALD_RATE_LIMIT_API on ingest's message and rejection routes, with two
 * ingest replicas sharing one Postgres: one budget per key whichever replica
 * answers, then 429 `rate_limited` with `Retry-After`. Publishing is not
 * counted per key (its limit is the tenant's event rate).
 */
describe('ingest request rate per API key across two replicas (real NATS + Postgres)', () => {
  let h: IngestHarness;
  let second: INestApplication;

  beforeAll(async () => {
    h = await IngestHarness.start({ HERALD_RATE_LIMIT_API: '6/1m' });
    second = await startIngest(
      loadIngestConfig({
        ...inProcessEnv('ingest', h.namespace, h.db.url),
        HERALD_RATE_LIMIT_API: '6/1m',
      }),
    );
  });

  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  const send = async (
    url: string,
    method: string,
    path: string,
    apiKey: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = (await response.json()) as { error?: { code: string } };
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: parsed,
    };
  };

  it('shares one budget between the replicas, answers 429 rate_limited, and never counts publishing', async () => {
    const { tenantId, apiKey } = await h.seed.tenant();
    const viewer = await h.apiKey(tenantId, 'viewer');
    const secondView = second.get(RegistryView);
    await pollUntil(
      () => secondView.apiKey(hashApiKey(apiKey)) && secondView.apiKey(hashApiKey(viewer)),
      {
        what: 'the keys in the second replica',
      },
    );
    const replicas = [h.base, baseUrl(second)];
    const paths = ['/v1/messages', '/v1/rejections'];

    // Publishing is counted per tenant, not per key: it leaves the key's budget whole.
    for (let i = 0; i < 8; i += 1) {
      const published = await send(replicas[i % 2]!, 'POST', '/v1/events', apiKey, {
        type: 'order.paid',
        payload: { i },
      });
      expect(published.status).toBe(202);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await send(replicas[i % 2]!, 'GET', paths[i % 2]!, apiKey)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const url of replicas) {
      const over = await send(url, 'GET', '/v1/messages', apiKey);
      expect(over.status).toBe(429);
      expect(over.body.error?.code).toBe('rate_limited');
      expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Another key of the tenant has its own budget.
    expect((await send(replicas[1]!, 'GET', '/v1/messages', viewer)).status).toBe(200);
  });
});
