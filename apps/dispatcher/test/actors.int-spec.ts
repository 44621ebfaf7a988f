import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { endpointAt, hangingServer, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * Endpoint actors on real NATS: a hanging endpoint never delays a healthy
 * one, per-endpoint concurrency and rate limits hold, and two replicas share
 * one endpoint's tasks with no configuration.
 */
describe('dispatcher endpoint actors (real NATS)', () => {
  // Four consumer slots: without actors, four hanging tasks would block everything behind them.
  const h = Harness.forSuite({ HERALD_DISPATCH_CONCURRENCY: '4' });

  it('keeps a healthy endpoint fast while another hangs with a backlog', async () => {
    const seen = await besideHangingBacklog(h, '/healthy', 20);
    const latencies = [...seen.latencies].sort((x, y) => x - y);
    const worst = latencies[latencies.length - 1] ?? Infinity;
    console.log(
      `isolation: healthy endpoint p50 ${latencies[10]} ms, worst ${worst} ms ` +
        `while a hanging endpoint held 2 requests and 28 queued tasks (timeout 5 s)`,
    );
    // Bounded far below the hanging endpoint's 5 s timeout.
    expect(worst).toBeLessThan(1_000);
    // The hanging endpoint never got more than its concurrency, and nothing of it was settled.
    expect(seen.hangingHits).toBe(2);
    expect(seen.hangingAttempts).toBe(0);
  }, 30_000);

  it('never has more requests in flight to an endpoint than its concurrency', async () => {
    h.receiver.respond('/slow', () => ({ delayMs: 150 }));
    const slow = await h.putEndpoint(endpointAt(h.receiver.url('/slow'), { concurrency: 3 }));
    for (let i = 0; i < 12; i++) await h.publishTask(taskFor(slow));
    await pollUntil(() => h.attemptsOf(slow.id).filter((a) => a.final).length === 12, {
      what: 'all 12 delivered',
    });
    expect(h.receiver.maxConcurrent.get('/slow')).toBe(3);
  });

  it('spaces requests to a rate-limited endpoint at its rate', async () => {
    const limited = await h.putEndpoint(
      endpointAt(h.receiver.url('/limited'), { rateLimitPerSecond: 10 }),
    );
    for (let i = 0; i < 8; i++) await h.publishTask(taskFor(limited));
    await pollUntil(() => h.receiver.on('/limited').length === 8, { what: 'all 8 delivered' });
    const times = h.receiver.on('/limited').map((r) => r.receivedAt);
    // 8 requests at 10/s start at least 700 ms apart end to end (a little slack for the network).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(650);
  });

  it('shares one endpoint’s tasks between two replicas with no configuration', async () => {
    const second = await h.startReplica();
    const before = await h.metric('herald_dispatcher_requests_total', { reason: 'delivered' });
    h.receiver.respond('/shared', () => ({ delayMs: 50 }));
    const shared = await h.putEndpoint(endpointAt(h.receiver.url('/shared'), { concurrency: 2 }));
    const tasks = Array.from({ length: 40 }, () => taskFor(shared));
    for (const task of tasks) await h.publishTask(task);
    await pollUntil(() => h.attemptsOf(shared.id).filter((a) => a.final).length === 40, {
      what: 'all 40 delivered',
      timeoutMs: 20_000,
    });
    const first = await h.metric('herald_dispatcher_requests_total', { reason: 'delivered' });
    const other = await h.metric(
      'herald_dispatcher_requests_total',
      { reason: 'delivered' },
      second,
    );
    expect(first - before).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
    expect(first - before + other).toBe(40);
    // Each message exactly once at the receiver: the replicas never both took one task.
    const ids = h.receiver.on('/shared').map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
    // The next test counts what one of two replicas queues: a third would take its share.
    await h.stopReplica(second);
  });

  it('hands queued tasks back at once when a replica shuts down, so the other delivers them', async () => {
    const leaving = await h.startReplica();
    h.receiver.respond('/handover', () => ({ delayMs: 300 }));
    const endpoint = await h.putEndpoint(
      endpointAt(h.receiver.url('/handover'), { concurrency: 1 }),
    );
    const tasks = Array.from({ length: 30 }, () => taskFor(endpoint));
    for (const task of tasks) await h.publishTask(task);
    const queued = await pollUntil(
      async () => {
        const n = await h.metric('herald_dispatcher_tasks', { state: 'queued' }, leaving);
        return n >= 5 && n;
      },
      { what: 'tasks queued in the leaving replica' },
    );
    const stoppedAt = Date.now();
    await h.stopReplica(leaving);
    const closeMs = Date.now() - stoppedAt;
    console.log(`graceful stop with ${queued} queued tasks took ${closeMs} ms`);
    // Draining the mailbox itself would take queued × 300 ms; handing it back only waits
    // for the one request in flight.
    expect(closeMs).toBeLessThan(queued * 300 - 300);
    // Tasks the server had already sent to the leaving replica's pull request, but
    // that never reached its handler, come back after the 30 s ack wait.
    await pollUntil(
      () => new Set(h.receiver.on('/handover').map((r) => r.headers['webhook-id'])).size === 30,
      { what: 'every task delivered by the remaining replica', timeoutMs: 50_000 },
    );
  }, 70_000);
});

/** Backpressure: a saturated replica stops pulling instead of buffering the stream in memory. */
describe('dispatcher backpressure (real NATS)', () => {
  const h = Harness.forSuite({
    HERALD_DISPATCH_CONCURRENCY: '4',
    HERALD_DISPATCH_QUEUE_LIMIT: '5',
    HERALD_DISPATCH_MAX_IN_FLIGHT: '2',
  });

  it('stops pulling once saturated instead of buffering the stream, and still delivers all', async () => {
    // Forty endpoints, one task each, but two requests in flight per replica:
    // tasks queue for the replica, not for their endpoint.
    const tasks: ReturnType<typeof taskFor>[] = [];
    for (let i = 0; i < 40; i++) {
      h.receiver.respond(`/wide-${i}`, () => ({ delayMs: 100 }));
      tasks.push(taskFor(await h.putEndpoint(endpointAt(h.receiver.url(`/wide-${i}`)))));
    }
    for (const task of tasks) await h.publishTask(task);
    let mostQueued = 0;
    let sawUnpulled = false;
    await pollUntil(
      async () => {
        mostQueued = Math.max(
          mostQueued,
          await h.metric('herald_dispatcher_tasks', { state: 'queued' }),
        );
        sawUnpulled ||= (await h.pendingInStream()) > 0;
        return tasks.every((t) => h.attemptsOf(t.endpointId).some((a) => a.final));
      },
      { what: 'all 40 delivered', timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(mostQueued).toBeGreaterThan(0);
    expect(mostQueued).toBeLessThanOrEqual(5 + 4);
    // Tasks stayed in JetStream, not pulled, while the replica was saturated —
    // rather than being pulled, refused and redelivered.
    expect(sawUnpulled).toBe(true);
    expect(await h.metric('herald_dispatcher_deferrals_total', { reason: 'mailbox_full' })).toBe(0);
  }, 40_000);
});

/** Large payloads: the replica bounds the bytes it holds, not only the tasks. */
describe('dispatcher byte limit (real NATS)', () => {
  const payloadBytes = 1024;
  const limitBytes = 4 * payloadBytes;
  const slots = 4;
  const h = Harness.forSuite({
    HERALD_DISPATCH_CONCURRENCY: String(slots),
    HERALD_DISPATCH_MAX_BYTES: String(limitBytes),
  });

  it('holds at most its byte limit (plus one task and the slot holders) and still delivers all', async () => {
    const payload = JSON.stringify({ blob: 'x'.repeat(payloadBytes - 11) });
    expect(payload).toHaveLength(payloadBytes);
    const tasks: ReturnType<typeof taskFor>[] = [];
    for (let i = 0; i < 20; i++) {
      h.receiver.respond(`/large-${i}`, () => ({ delayMs: 100 }));
      tasks.push(taskFor(await h.putEndpoint(endpointAt(h.receiver.url(`/large-${i}`))), payload));
    }
    for (const task of tasks) await h.publishTask(task);
    let mostHeld = 0;
    let mostInFlight = 0;
    let sawUnpulled = false;
    await pollUntil(
      async () => {
        mostHeld = Math.max(mostHeld, await h.metric('herald_dispatcher_held_bytes'));
        mostInFlight = Math.max(
          mostInFlight,
          await h.metric('herald_dispatcher_tasks', { state: 'in_flight' }),
        );
        sawUnpulled ||= (await h.pendingInStream()) > 0;
        return tasks.every((t) => h.attemptsOf(t.endpointId).some((a) => a.final));
      },
      { what: 'all 20 delivered', timeoutMs: 30_000, intervalMs: 20 },
    );
    // Twenty endpoints could take twenty requests at once; the bytes allow five.
    expect(mostInFlight).toBeGreaterThan(0);
    expect(mostInFlight).toBeLessThanOrEqual(limitBytes / payloadBytes + 1);
    expect(mostHeld).toBeLessThanOrEqual(limitBytes + payloadBytes + slots * payloadBytes);
    expect(sawUnpulled).toBe(true);
    for (const task of tasks) {
      const received = h.receiver.on(`/large-${tasks.indexOf(task)}`);
      expect(received.map((r) => r.body)).toEqual([payload]);
    }
  }, 40_000);
});

/** Saturated, a replica still takes a healthy endpoint's tasks past a hanging endpoint's backlog. */
describe('dispatcher saturated with a hanging endpoint (real NATS)', () => {
  const h = Harness.forSuite({
    HERALD_DISPATCH_CONCURRENCY: '4',
    HERALD_DISPATCH_QUEUE_LIMIT: '5',
  });

  it('still serves a healthy endpoint quickly while a hanging one has a backlog and the replica is saturated', async () => {
    const seen = await besideHangingBacklog(h, '/healthy-saturated', 10);
    // A hanging task holding a consumer slot would delay these by its 5 s timeout.
    expect(Math.max(...seen.latencies)).toBeLessThan(2_000);
  }, 30_000);
});

/**
 * Fills a hanging endpoint's two slots and queues 28 more of its tasks, then
 * publishes `count` tasks for a healthy endpoint at `path`, one after another,
 * and measures each one's publish → receipt time.
 */
async function besideHangingBacklog(
  h: Harness,
  path: string,
  count: number,
): Promise<{ latencies: number[]; hangingHits: number; hangingAttempts: number }> {
  const hanging = await hangingServer();
  try {
    const stuck = await h.putEndpoint(
      endpointAt(hanging.url, { timeoutMs: 5_000, concurrency: 2 }),
    );
    for (let i = 0; i < 30; i++) await h.publishTask(taskFor(stuck));
    await pollUntil(() => hanging.hits() === 2, { what: 'the hanging endpoint’s two slots' });
    const healthy = await h.putEndpoint(endpointAt(h.receiver.url(path)));
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const task = taskFor(healthy);
      const publishedAt = Date.now();
      await h.publishTask(task);
      const received = await pollUntil(
        () => h.receiver.on(path).find((r) => r.headers['webhook-id'] === task.messageId),
        { what: `healthy delivery ${i}` },
      );
      latencies.push(received.receivedAt - publishedAt);
    }
    return {
      latencies,
      hangingHits: hanging.hits(),
      hangingAttempts: h.attemptsOf(stuck.id).length,
    };
  } finally {
    await hanging.stop();
  }
}
