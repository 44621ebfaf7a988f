import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadLettersHarness } from './dead-letters.fixtures.js';

/**
 * HERALD_RATE_LIMIT_API on the dispatcher's routes, with two dispatchers
 * sharing one Postgres: a key's requests count against one budget whichever
 * replica answers, and over it both answer 429 `rate_limited` with `Retry-After`.
 */
describe('dispatcher request rate per API key across two replicas (real NATS + Postgres)', () => {
  let h: DeadLettersHarness;

  beforeAll(async () => {
    h = await DeadLettersHarness.start({ HERALD_RATE_LIMIT_API: '6/1m' });
  });
  afterAll(() => h?.stop());

  const get = async (baseUrl: string, apiKey: string) => {
    const response = await fetch(`${baseUrl}/v1/dead-letters`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as { error?: { code: string } };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  };

  it('shares one budget between the replicas and answers 429 rate_limited with Retry-After', async () => {
    const acme = await h.tenant();
    const viewer = await h.key(acme.tenantId, 'viewer');
    const second = await h.replica(acme.apiKey, viewer);
    const replicas = [h.url, second.url];

    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get(replicas[i % 2]!, acme.apiKey)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    for (const url of replicas) {
      const over = await get(url, acme.apiKey);
      expect(over.status).toBe(429);
      expect(over.body.error?.code).toBe('rate_limited');
      expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
    }
    // Every route of the key is refused, not only the one that spent the budget.
    expect(
      (await h.api('POST', '/v1/dead-letters/replay', acme.apiKey, { dryRun: true })).status,
    ).toBe(429);
    // Another key of the same tenant has a budget of its own.
    expect((await get(second.url, viewer)).status).toBe(200);
  });
});
