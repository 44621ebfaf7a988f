import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from './harness.js';

/** HERALD_QUOTA_ALERT_DESTINATIONS on real NATS and Postgres, and the per-key request rate. */
describe('alert destination quota and request rate (real NATS + Postgres)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      HERALD_QUOTA_ALERT_DESTINATIONS: '2',
      HERALD_RATE_LIMIT_API: '6/1m',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const create = (apiKey: string, i: number) =>
    h.api('POST', '/v1/alert-destinations', apiKey, { url: `https://ops.example.com/${i}` });

  it('caps a tenant at its quota with 409 quota_exceeded; other tenants keep theirs', async () => {
    const acme = await h.tenant();
    const answers = await Promise.all([0, 1, 2, 3].map((i) => create(acme.apiKey, i)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body).toMatchObject({ error: { code: 'quota_exceeded' } });
    const globex = await h.tenant();
    expect((await create(globex.apiKey, 9)).status).toBe(201);
  });

  it('answers 429 rate_limited once a key has spent its budget (same interceptor as the registry)', async () => {
    const initech = await h.tenant();
    for (let i = 0; i < 6; i += 1) {
      expect((await h.api('GET', '/v1/alert-destinations', initech.apiKey)).status).toBe(200);
    }
    const over = await h.api('GET', '/v1/alert-destinations', initech.apiKey);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
