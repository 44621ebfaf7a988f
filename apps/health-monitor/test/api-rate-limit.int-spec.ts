import { describe, expect, it } from '@jest/globals';
import { harnessForSuite } from './harness.js';

/**
 * HERALD_RATE_LIMIT_API on the health-monitor's routes, with two
 * health-monitors sharing one Postgres: one budget per key whichever replica
 * answers, then 429 `rate_limited` with `Retry-After` from both.
 */
describe('health-monitor request rate per API key across two replicas (real NATS + Postgres)', () => {
  const h = harnessForSuite({ HERALD_RATE_LIMIT_API: '6/1m' });

  const get = async (baseUrl: string, path: string, apiKey: string) => {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as { error?: { code: string } };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  };

  it('shares one budget between the replicas and answers 429 rate_limited with Retry-After', async () => {
    const acme = await h.tenant();
    const globex = await h.tenant();
    const second = await h.replica(acme.apiKeyHash, globex.apiKeyHash);
    const replicas = [h.url(), second.url];
    const paths = [
      '/v1/attempts',
      `/v1/endpoints/${acme.endpointId}/health`,
      `/v1/endpoints/${acme.endpointId}/attempts`,
    ];

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const path = paths[i % 3]!;
      statuses.push((await get(replicas[i % 2]!, path, acme.apiKey)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const url of replicas) {
      const over = await get(url, '/v1/attempts', acme.apiKey);
      expect(over.status).toBe(429);
      expect(over.body.error?.code).toBe('rate_limited');
      expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
    }
    // Another tenant's key has a budget of its own.
    expect((await get(second.url, '/v1/attempts', globex.apiKey)).status).toBe(200);
  });
});
