import { describe, expect, it } from '@jest/globals';
import { forSuite, pollUntil } from '@herald/testing';
import { backlogAt, endpointAt, hangingServer, slowestDelivery, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * Per-tenant shares of a dispatcher replica (real NATS + Postgres): a tenant
 * whose endpoints all hang gets at most HERALD_TENANT_MAX_IN_FLIGHT requests
 * in flight, however many endpoints and how much concurrency it has. Alone
 * in the replica it may queue up to the replica's queue less half a share
 * (HERALD_DISPATCH_QUEUE_LIMIT − HERALD_TENANT_MAX_QUEUED / 2), and once
 * another tenant has work here, HERALD_TENANT_MAX_QUEUED. The rest of its
 * tasks are parked as backlog and acked, so they hold none of the shared ack
 * budget, and another tenant's tasks are delivered at once.
 */
describe('per-tenant shares of a dispatcher replica (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_TENANT_MAX_IN_FLIGHT: '4',
    HERALD_TENANT_MAX_QUEUED: '6',
    HERALD_DISPATCH_QUEUE_LIMIT: '16',
    // Longer than the test takes (a few seconds): the hanging requests hold
    // their slots throughout, and the suite's stop waits for them.
    HERALD_REQUEST_TIMEOUT: '20s',
  });
  const hanging = forSuite(hangingServer, (server) => server.stop());
  const backlog = () => h.metric('herald_dispatcher_parked_tasks', { reason: 'backlog' });

  it('lets a lone tenant queue past its share, parks the rest, delivers another tenant at once, and holds the first to its share meanwhile', async () => {
    const [noisy] = await backlogAt(
      h,
      hanging.url,
      { tenantId: 'ten_noisy', concurrency: 10 },
      1,
      40,
    );
    await pollUntil(async () => hanging.hits() === 4 && (await backlog()) === 23, {
      what: '4 requests in flight, 13 queued (16 less half of 6) and 23 parked for the lone tenant',
      timeoutMs: 15_000,
    });
    // Only the running and queued tasks are unacknowledged.
    await pollUntil(async () => (await h.unfinishedTasks()) <= 17, {
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

    // A third tenant holds work here (one request hanging, one task queued):
    // the noisy tenant is no longer alone, so its 13 queued are above its own
    // share of 6 and each new task of it is parked.
    await backlogAt(h, hanging.url, { tenantId: 'ten_other', concurrency: 1 }, 1, 2);
    await pollUntil(() => hanging.hits() === 5, { what: 'the other tenant’s request' });
    for (let i = 0; i < 5; i += 1) await h.publishTask(taskFor(noisy!, `{"late":${i}}`));
    await pollUntil(async () => (await backlog()) === 28, {
      what: 'the lone tenant’s 5 new tasks parked once another tenant has work',
    });
    expect(hanging.hits()).toBe(5);
  }, 60_000);
});

describe('a lone tenant’s backlog brought back (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_TENANT_MAX_QUEUED: '6',
    HERALD_DISPATCH_QUEUE_LIMIT: '16',
  });

  it('queues a lone tenant’s burst past its share, parks the rest and delivers every task once', async () => {
    // The first request takes 3 s, long enough for all 40 tasks to arrive
    // behind it; the rest are answered after 50 ms.
    h.receiver.respond('/slow', (_request, nth) => ({ delayMs: nth === 1 ? 3_000 : 50 }));
    const slow = await h.putEndpoint(
      endpointAt(h.receiver.url('/slow'), { tenantId: 'ten_alone', concurrency: 1 }),
    );
    const parked = () => h.metric('herald_dispatcher_parked_tasks', { reason: 'backlog' });
    for (let i = 0; i < 40; i += 1) await h.publishTask(taskFor(slow, `{"i":${i}}`));
    // 1 in flight and 13 queued (16 less half of 6); the other 26 parked.
    await pollUntil(async () => (await parked()) === 26, {
      what: 'the 26 tasks beyond the lone tenant’s larger share parked',
      timeoutMs: 10_000,
    });
    await pollUntil(() => h.receiver.on('/slow').length >= 40, {
      what: 'all 40 tasks delivered',
      timeoutMs: 30_000,
    });
    await pollUntil(async () => (await parked()) === 0, { what: 'the backlog emptied' });
    const received = h.receiver.on('/slow');
    expect(received).toHaveLength(40);
    const numbers = received.map((r) => (JSON.parse(r.body) as { i: number }).i);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  }, 60_000);
});
