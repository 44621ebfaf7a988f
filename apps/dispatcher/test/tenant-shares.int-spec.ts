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

describe('a lone tenant’s payload bytes (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_TENANT_MAX_BYTES: '4000',
    HERALD_DISPATCH_MAX_BYTES: '16000',
    HERALD_REQUEST_TIMEOUT: '20s',
  });
  const hanging = forSuite(hangingServer, (server) => server.stop());
  const backlog = () => h.metric('herald_dispatcher_parked_tasks', { reason: 'backlog' });

  it('lets a lone tenant hold the replica’s bytes less half a byte share, parks the rest, and delivers another tenant at once', async () => {
    const noisy = await h.putEndpoint(
      endpointAt(hanging.url, { tenantId: 'ten_large', concurrency: 1 }),
    );
    const large = (i: number) => JSON.stringify({ i, pad: 'x'.repeat(983) }); // 1,000 bytes
    expect(large(10)).toHaveLength(1_000);
    for (let i = 10; i < 30; i += 1) await h.publishTask(taskFor(noisy, large(i)));
    // 14 held (16,000 less half of 4,000), not 4: one hanging, 13 queued; 6 parked.
    await pollUntil(async () => hanging.hits() === 1 && (await backlog()) === 6, {
      what: 'the lone tenant holding 14 tasks of 1,000 bytes and 6 parked',
      timeoutMs: 15_000,
    });
    expect(await h.metric('herald_dispatcher_held_bytes')).toBe(14_000);

    const quiet = await h.putEndpoint(
      endpointAt(h.receiver.url('/small'), { tenantId: 'ten_small' }),
    );
    const slowest = await slowestDelivery(h, quiet, '/small', 5, 5_000);
    expect(slowest).toBeLessThan(2_000);
    // Another tenant has had work here: the first is back to its own 4,000 bytes.
    await h.publishTask(taskFor(noisy, large(30)));
    await pollUntil(async () => (await backlog()) === 7, {
      what: 'the lone tenant’s next task parked once another tenant had work',
    });
    expect(hanging.hits()).toBe(1);
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

/**
 * The attendant waits, past half a tenant's queued share, to bring back its
 * busy endpoints' backlog in one batch. What waits here may be hanging
 * endpoints' tasks within their parts, which run only as whole timeouts
 * pass: an endpoint of the same tenant holding nothing here gets its backlog
 * back meanwhile, not after the backlog's minute-long recheck.
 */
describe('backlog of an idle endpoint while its tenant’s hanging endpoints hold most of the share (real NATS + Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_TENANT_MAX_QUEUED: '6',
    HERALD_DISPATCH_QUEUE_LIMIT: '16',
    HERALD_ENDPOINT_MAILBOX: '4',
    HERALD_REQUEST_TIMEOUT: '15s',
  });
  const hanging = forSuite(hangingServer, (server) => server.stop());

  it('brings the idle endpoint’s parked tasks back while the hanging ones still hang', async () => {
    const tenantId = 'ten_mixed';
    // Two hanging endpoints: 1 running and 4 waiting each (their mailboxes
    // are full), 8 of the lone tenant's 13: past half, short of three quarters.
    await backlogAt(h, hanging.url, { tenantId, concurrency: 1 }, 2, 10);
    await pollUntil(() => hanging.hits() === 2, { what: 'both hanging requests started' });
    // The first request of the third endpoint takes 2 s, while the rest of its
    // tasks arrive: the tenant is then at three quarters of its share, and
    // they are parked as backlog.
    h.receiver.respond('/idle', (_request, nth) => ({ delayMs: nth === 1 ? 2_000 : 0 }));
    const idle = await h.putEndpoint(
      endpointAt(h.receiver.url('/idle'), { tenantId, concurrency: 1 }),
    );
    const parked = () => h.metric('herald_dispatcher_parked_tasks', { reason: 'backlog' });
    for (let i = 0; i < 10; i += 1) await h.publishTask(taskFor(idle, `{"i":${i}}`));
    await pollUntil(async () => (await parked()) >= 1, {
      what: 'the idle endpoint’s tasks parked behind its first request',
    });
    // Before the hanging requests time out (15 s), so before any of the
    // tasks waiting behind them runs, and well before the backlog's
    // one-minute recheck, the parked ones are back and delivered.
    await pollUntil(() => h.receiver.on('/idle').length >= 10, {
      what: 'all 10 of the idle endpoint’s tasks delivered',
      timeoutMs: 10_000,
    });
    expect(hanging.hits()).toBe(2);
    const numbers = h.receiver.on('/idle').map((r) => (JSON.parse(r.body) as { i: number }).i);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    await pollUntil(async () => (await parked()) === 0, { what: 'the backlog emptied' });
  }, 60_000);
});
