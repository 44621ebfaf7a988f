import { describe, expect, it } from '@jest/globals';
import { forSuite, pollUntil } from '@herald/testing';
import { backlogAt, endpointAt, hangingServer, slowestDelivery } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * One tenant's share of a replica divided between its endpoints (real NATS +
 * Postgres): while several of a tenant's endpoints hang at their concurrency,
 * they cannot take the whole in-flight share, so a healthy endpoint of the
 * same tenant still gets its deliveries at once — not after the hanging
 * requests time out — and the tenant never exceeds its share.
 */
describe('a tenant’s share divided between its endpoints (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_TENANT_MAX_IN_FLIGHT: '10',
    HERALD_TENANT_MAX_QUEUED: '10',
    HERALD_REQUEST_TIMEOUT: '30s',
  });
  const hanging = forSuite(hangingServer, (server) => server.stop());

  it('delivers a healthy endpoint at once while four others of its tenant hang', async () => {
    // Four endpoints with concurrency 3 could hold 12 requests: more than the share of 10.
    await backlogAt(h, hanging.url, { tenantId: 'ten_mixed', concurrency: 3 }, 4, 24);
    await pollUntil(() => hanging.hits() >= 8, { what: 'the hanging endpoints at their part' });

    const healthy = await h.putEndpoint(
      endpointAt(h.receiver.url('/healthy'), { tenantId: 'ten_mixed', concurrency: 3 }),
    );
    const slowest = await slowestDelivery(h, healthy, '/healthy', 20, 15_000);
    console.log(
      `tenant endpoints: a healthy endpoint's 20 tasks all delivered within ${slowest} ms while ` +
        `${hanging.hits()} requests of its tenant hung (timeout 30 s)`,
    );
    // Far below the hanging requests' 30 s timeout: nothing waited for them to give slots back.
    expect(slowest).toBeLessThan(10_000);
    // The hanging endpoints left room in the share, and the tenant never went past it.
    expect(hanging.hits()).toBeLessThan(10);
    expect(hanging.hits() + (h.receiver.maxConcurrent.get('/healthy') ?? 0)).toBeLessThanOrEqual(
      10,
    );
  }, 60_000);
});
