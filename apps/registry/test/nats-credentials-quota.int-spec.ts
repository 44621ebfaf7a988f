import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtNats, uniqueNamespace } from '@herald/testing';
import { RegistryHarness, type ErrorBody } from './registry-harness.js';

const describeJwt = JwtNats.available() ? describe : describe.skip;

/**
 * HERALD_QUOTA_NATS_CREDENTIALS with two registry replicas sharing one
 * Postgres, against a real nats-server in operator (JWT) mode: concurrent
 * creations on both replicas take exactly the quota, a revoked credential
 * frees its place, and another tenant has a quota of its own.
 */
describeJwt('NATS credentials quota across two registry replicas (real NATS + Postgres)', () => {
  const namespace = uniqueNamespace('jwtq');
  let nats: JwtNats;
  let replicas: [RegistryHarness, RegistryHarness];

  beforeAll(async () => {
    nats = await JwtNats.start(namespace);
    const env = {
      ...nats.serviceEnv('registry'),
      ...nats.install.registryEnv,
      HERALD_NAMESPACE: namespace,
      HERALD_QUOTA_NATS_CREDENTIALS: '2',
      HERALD_RATE_LIMIT_API: 'off',
    };
    const first = await RegistryHarness.start(env);
    const second = await RegistryHarness.start({
      ...env,
      DATABASE_URL: first.db.url,
      HERALD_SECRETS_KEY: first.secretsKey,
    });
    replicas = [first, second];
  }, 60_000);

  afterAll(async () => {
    await replicas?.[1].close();
    await replicas?.[0].close();
    await nats?.stop();
  });

  const create = (replica: RegistryHarness, token: string, name: string) =>
    replica.request<ErrorBody & { id: string; creds: string }>('POST', '/v1/nats-credentials', {
      token,
      body: { name },
    });

  it('lets concurrent creations on both replicas take exactly the quota, then answers 409 quota_exceeded', async () => {
    const { apiKey } = await replicas[0].createTenant('acme', []);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => create(replicas[i % 2]!, apiKey, `producer-${i}`)),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(2);
    for (const answer of created) expect(answer.body.creds).toContain('NATS USER JWT');
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused).toHaveLength(4);
    for (const answer of refused) {
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('quota_exceeded');
      expect(answer.body.error.message).toContain('HERALD_QUOTA_NATS_CREDENTIALS');
    }
    // Both replicas list the same two, without their secrets.
    for (const replica of replicas) {
      const listed = await replica.request<{ data: { id: string; creds?: string }[] }>(
        'GET',
        '/v1/nats-credentials',
        { token: apiKey },
      );
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((c) => c.id).sort()).toEqual(
        created.map((c) => c.body.id).sort(),
      );
      expect(listed.body.data.every((c) => c.creds === undefined)).toBe(true);
    }

    // A revoked credential no longer counts: one place is free, on either replica.
    const revoked = await replicas[1].request(
      'DELETE',
      `/v1/nats-credentials/${created[0]!.body.id}`,
      {
        token: apiKey,
      },
    );
    expect(revoked.status).toBe(204);
    expect((await create(replicas[0], apiKey, 'after-revoke')).status).toBe(201);
    expect((await create(replicas[1], apiKey, 'over-again')).status).toBe(409);
  });

  it('counts per tenant: another tenant still has its whole quota', async () => {
    const { apiKey } = await replicas[1].createTenant('globex', []);
    expect((await create(replicas[0], apiKey, 'g-1')).status).toBe(201);
    expect((await create(replicas[1], apiKey, 'g-2')).status).toBe(201);
    expect((await create(replicas[0], apiKey, 'g-3')).status).toBe(409);
  });
});
