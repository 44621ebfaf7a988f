import { describe, expect, it } from '@jest/globals';
import { apiRequest, harnessForSuite } from './harness.js';

/**
 * HERALD_QUOTA_ALERT_DESTINATIONS and the per-key request rate on real NATS
 * and Postgres, with two alerting replicas sharing the database: each limit
 * is one budget, whichever replica answers.
 */
describe('alert destination quota and request rate across two replicas (real NATS + Postgres)', () => {
  const h = harnessForSuite({
    HERALD_QUOTA_ALERT_DESTINATIONS: '2',
    HERALD_RATE_LIMIT_API: '6/1m',
  });

  const send = (baseUrl: string, method: string, path: string, apiKey: string, body?: unknown) =>
    apiRequest<{ error?: { code: string; message: string } }>(baseUrl, method, path, apiKey, body);

  const create = (baseUrl: string, apiKey: string, i: number) =>
    send(baseUrl, 'POST', '/v1/alert-destinations', apiKey, {
      url: `https://ops.example.com/${i}`,
    });

  it('lets concurrent creations on both replicas take exactly the quota, then answers 409 quota_exceeded', async () => {
    const acme = await h.tenant();
    const globex = await h.tenant();
    const second = await h.replica(acme.apiKey, globex.apiKey);
    const replicas = [h.url, second.url];
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => create(replicas[i % 2]!, acme.apiKey, i)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error?.code).toBe('quota_exceeded');
    expect(refused.body.error?.message).toContain('HERALD_QUOTA_ALERT_DESTINATIONS');
    // Per tenant: another tenant still has its whole quota, on either replica.
    expect((await create(second.url, globex.apiKey, 9)).status).toBe(201);
    expect((await create(h.url, globex.apiKey, 10)).status).toBe(201);
  });

  it('shares one request budget per key between the replicas, then answers 429 rate_limited', async () => {
    const initech = await h.tenant();
    const second = await h.replica(initech.apiKey);
    const replicas = [h.url, second.url];
    for (let i = 0; i < 6; i += 1) {
      expect(
        (await send(replicas[i % 2]!, 'GET', '/v1/alert-destinations', initech.apiKey)).status,
      ).toBe(200);
    }
    for (const url of replicas) {
      const over = await send(url, 'GET', '/v1/alert-destinations', initech.apiKey);
      expect(over.status).toBe(429);
      expect(over.body.error?.code).toBe('rate_limited');
      expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    }
  });
});
