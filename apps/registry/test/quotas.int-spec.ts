import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

/**
 * Per-tenant quotas and the per-key request rate, with two registry replicas
 * sharing one Postgres (and one namespace): the limits are one budget, not
 * one per replica.
 */
async function twoReplicas(
  env: Record<string, string>,
): Promise<[RegistryHarness, RegistryHarness]> {
  const first = await RegistryHarness.start(env);
  const second = await RegistryHarness.start({
    ...env,
    DATABASE_URL: first.db.url,
    HERALD_NAMESPACE: first.namespace,
    HERALD_SECRETS_KEY: first.secretsKey,
  });
  return [first, second];
}

describe('tenant quotas across two registry replicas', () => {
  let replicas: [RegistryHarness, RegistryHarness];

  beforeAll(async () => {
    replicas = await twoReplicas({
      HERALD_QUOTA_ENDPOINTS: '3',
      HERALD_QUOTA_API_KEYS: '2',
      HERALD_QUOTA_EVENT_TYPES: '2',
      HERALD_RATE_LIMIT_API: 'off',
    });
  });

  afterAll(async () => {
    await replicas?.[1].close();
    await replicas?.[0].close();
  });

  const createEndpoint = (replica: RegistryHarness, token: string) =>
    replica.request<ErrorBody & { id: string }>('POST', '/v1/endpoints', {
      token,
      body: { url: 'https://example.com/hooks', eventTypes: ['*'] },
    });

  it('lets concurrent creations on both replicas take exactly the quota, then answers 409 quota_exceeded', async () => {
    const { apiKey } = await replicas[0].createTenant('acme', []);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createEndpoint(replicas[i % 2]!, apiKey)),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(5);
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('quota_exceeded');
      expect(answer.body.error.message).toContain('HERALD_QUOTA_ENDPOINTS');
    }
    // Deleting one frees a place.
    const created = answers.find((a) => a.status === 201)!;
    const removed = await replicas[1].request('DELETE', `/v1/endpoints/${created.body.id}`, {
      token: apiKey,
    });
    expect(removed.status).toBe(204);
    expect((await createEndpoint(replicas[0], apiKey)).status).toBe(201);
    expect((await createEndpoint(replicas[1], apiKey)).status).toBe(409);
  });

  it('counts per tenant: another tenant still has its whole quota', async () => {
    const { apiKey } = await replicas[1].createTenant('globex', []);
    for (let i = 0; i < 3; i += 1)
      expect((await createEndpoint(replicas[i % 2]!, apiKey)).status).toBe(201);
  });

  it('caps API keys (the first admin key counts) and event types, single and imported', async () => {
    const { apiKey } = await replicas[0].createTenant('initech', []);
    const key = (replica: RegistryHarness) =>
      replica.request<ErrorBody>('POST', '/v1/api-keys', {
        token: apiKey,
        body: { role: 'viewer' },
      });
    expect((await key(replicas[0])).status).toBe(201);
    const third = await key(replicas[1]);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('quota_exceeded');

    const eventType = (name: string) =>
      replicas[1].request<ErrorBody>('POST', '/v1/event-types', { token: apiKey, body: { name } });
    expect((await eventType('a.created')).status).toBe(201);
    const imported = await replicas[0].request<ErrorBody>('POST', '/v1/event-types/import', {
      token: apiKey,
      body: { eventTypes: [{ name: 'b.created' }, { name: 'c.created' }] },
    });
    expect(imported.status).toBe(409);
    expect(imported.body.error.code).toBe('quota_exceeded');
    // The refused import changed nothing: one place is left.
    expect((await eventType('b.created')).status).toBe(201);
    expect((await eventType('c.created')).status).toBe(409);
  });
});

describe('request rate per API key across two registry replicas', () => {
  let replicas: [RegistryHarness, RegistryHarness];

  beforeAll(async () => {
    replicas = await twoReplicas({ HERALD_RATE_LIMIT_API: '6/1m' });
  });

  afterAll(async () => {
    await replicas?.[1].close();
    await replicas?.[0].close();
  });

  it('shares one budget between the replicas and answers 429 rate_limited with Retry-After', async () => {
    const { apiKey } = await replicas[0].createTenant('acme', []);
    const other = await replicas[0].keyWithRole(apiKey, 'viewer');
    // keyWithRole spent one request of the admin key's budget.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await replicas[i % 2]!.request('GET', '/v1/endpoints', { token: apiKey })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    for (const replica of replicas) {
      const response = await fetch(`${replica.baseUrl}/v1/endpoints`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(response.status).toBe(429);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe('rate_limited');
    }
    // Another key of the same tenant has its own budget.
    expect((await replicas[1].request('GET', '/v1/endpoints', { token: other })).status).toBe(200);
    // Operator routes (admin token) are not counted against tenant keys.
    expect((await replicas[0].createTenant('globex', [])).apiKey).toMatch(/^hrld_/);
  });
});
