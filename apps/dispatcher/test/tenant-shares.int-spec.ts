import { describe, expect, it } from '@jest/globals';
import { forSuite, pollUntil } from '@herald/testing';
import { backlogAt, endpointAt, hangingServer, slowestDelivery } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * Per-tenant shares of a dispatcher replica (real NATS + Postgres): a tenant
 * whose endpoints all hang gets at most HERALD_TENANT_MAX_IN_FLIGHT requests
 * in flight and HERALD_TENANT_MAX_QUEUED tasks waiting, however many
 * endpoints and how much concurrency it has; the rest of its tasks are parked
 * as backlog and acked, so they hold none of the shared ack budget, and
 * another tenant's tasks are delivered at once.
 */
describe('per-tenant shares of a dispatcher replica (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_TENANT_MAX_IN_FLIGHT: '4',
    HERALD_TENANT_MAX_QUEUED: '6',
    HERALD_REQUEST_TIMEOUT: '20s',
  });
  const hanging = forSuite(hangingServer, (server) => server.stop());

  it('caps a noisy tenant’s in-flight and queued tasks, parks the rest, and delivers another tenant at once', async () => {
    await backlogAt(h, hanging.url, { tenantId: 'ten_noisy', concurrency: 10 }, 4, 40);

    const backlog = () => h.metric('herald_dispatcher_parked_tasks', { reason: 'backlog' });
    await pollUntil(async () => hanging.hits() === 4 && (await backlog()) === 30, {
      what: '4 requests in flight, 6 queued and 30 parked for the noisy tenant',
      timeoutMs: 15_000,
    });
    // Only the running and queued tasks are unacknowledged.
    await pollUntil(async () => (await h.unfinishedTasks()) <= 10, {
      what: 'the parked tasks acked',
    });

    const quiet = await h.putEndpoint(
      endpointAt(h.receiver.url('/quiet'), { tenantId: 'ten_quiet' }),
    );
    const slowest = await slowestDelivery(h, quiet, '/quiet', 10, 5_000);
    console.log(
      `tenant shares: quiet tenant's 10 tasks all delivered within ${slowest} ms while the ` +
        `noisy tenant had ${hanging.hits()} requests hanging and ${await backlog()} tasks parked`,
    );
    expect(slowest).toBeLessThan(2_000);
    // The noisy tenant never got past its in-flight share.
    expect(hanging.hits()).toBe(4);
  }, 40_000);
});
