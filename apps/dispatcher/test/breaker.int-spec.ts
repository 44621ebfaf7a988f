import { describe, expect, it } from '@jest/globals';
import { pollUntil, promtoolCheckMetrics } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/** A breaker that opens at 50 % failures over as few as two requests. */
const BREAKER_OVER_TWO_REQUESTS = {
  HERALD_BREAKER_VOLUME: '2',
  HERALD_BREAKER_ERROR_PERCENT: '50',
};

/**
 * An endpoint that keeps failing opens its breaker: further tasks are held
 * (no request, no attempt outcome, no attempt spent) while other endpoints
 * keep being delivered.
 */
describe('dispatcher breaker (real NATS)', () => {
  const h = Harness.forSuite({
    ...BREAKER_OVER_TWO_REQUESTS,
    HERALD_BREAKER_RESET: '60s',
    HERALD_RETRY_SCHEDULE: '1m',
    HERALD_REJECTION_REPORT_INTERVAL: '100ms',
  });

  it('opens after failures, then defers without sending or publishing attempts', async () => {
    const broken = await h.putEndpoint(endpointAt(h.receiver.url('/broken')));
    h.receiver.respond('/broken', () => ({ status: 500 }));
    for (const n of [1, 2]) {
      await h.publishTask(taskFor(broken));
      await pollUntil(() => h.attemptsOf(broken.id).length === n, { what: `failure ${n}` });
    }
    await pollUntil(
      async () => (await h.metric('herald_breaker_state', { endpoint: broken.id })) === 2,
      { what: 'breaker open' },
    );
    expect(await h.metric('herald_dispatcher_breakers', { state: 'open' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(promtoolCheckMetrics(await h.metricsText())).toBe('');

    await h.publishTask(taskFor(broken));
    await pollUntil(
      async () =>
        (await h.metric('herald_dispatcher_deferrals_total', { reason: 'breaker_open' })) >= 1,
      { what: 'task deferred by the open breaker' },
    );
    expect(h.receiver.on('/broken')).toHaveLength(2);
    expect(h.attemptsOf(broken.id)).toHaveLength(2);
    // The rejection reaches the health-monitor's histogram as a report on deferral.v1.
    await pollUntil(() => h.rejected(broken.id, 'breaker_open') >= 1, {
      what: 'a breaker_open rejection report',
    });
    expect(h.rejected(broken.id, 'endpoint_paused')).toBe(0);

    const healthy = await h.putEndpoint(endpointAt(h.receiver.url('/healthy')));
    await h.publishTask(taskFor(healthy));
    const [delivered] = await h.finalAttempts(healthy.id);
    expect(delivered).toMatchObject({ outcome: 'success', attempt: 1 });
    // Held, not lost: the deferred task waits in the parking lot until the breaker
    // half-opens (not as an unacknowledged message pinning the shared ack budget),
    // like the two retries scheduled a minute out.
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, {
      what: 'deferred task parked',
    });
    expect(await h.metric('herald_dispatcher_parked_tasks', { reason: 'breaker_open' })).toBe(1);
    expect(await h.metric('herald_dispatcher_parked_tasks', { reason: 'not_before' })).toBe(2);
    expect(h.attemptsOf(broken.id)).toHaveLength(2);
  });
});

/**
 * The breaker closes again as configured: after the reset timeout a probe goes
 * through, succeeds, and the tasks it held are delivered; every state change
 * is announced on `<ns>.breaker.v1.<endpointId>`.
 */
describe('dispatcher breaker recovery (real NATS)', () => {
  const h = Harness.forSuite({
    ...BREAKER_OVER_TWO_REQUESTS,
    HERALD_BREAKER_RESET: '500ms',
    HERALD_RETRY_SCHEDULE: '100ms,100ms,100ms,100ms,100ms',
  });

  it('half-opens after the reset timeout, closes on a successful probe and delivers what it held', async () => {
    let failing = true;
    h.receiver.respond('/recovering', () => (failing ? { status: 500 } : {}));
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/recovering')));
    const tasks = [taskFor(endpoint), taskFor(endpoint), taskFor(endpoint)];
    for (const task of tasks) await h.publishTask(task);
    await pollUntil(
      async () => (await h.metric('herald_breaker_state', { endpoint: endpoint.id })) === 2,
      { what: 'breaker open' },
    );
    failing = false;
    await pollUntil(
      () =>
        tasks.every((task) =>
          h.attemptsOf(endpoint.id).some((a) => a.messageId === task.messageId && a.final),
        ),
      { what: 'every held task delivered after the breaker closed' },
    );
    expect(await h.metric('herald_breaker_state', { endpoint: endpoint.id })).toBe(0);
    await pollUntil(() =>
      ['open', 'half_open', 'closed'].every((state) =>
        h.breakerChanges.some((c) => c.endpointId === endpoint.id && c.state === state),
      ),
    );
    const announced = h.breakerChanges.filter((c) => c.endpointId === endpoint.id);
    expect(announced.map((c) => c.state)).toEqual(['open', 'half_open', 'closed']);
    expect(announced[0]).toMatchObject({ tenantId: endpoint.tenantId });
    // Nothing reached the receiver while the breaker was open (reset timeout 500 ms;
    // a little slack for timers), and the probe came once it half-opened.
    const openedAt = Date.parse(announced[0]!.at);
    const halfOpenAt = Date.parse(announced[1]!.at);
    expect(halfOpenAt - openedAt).toBeGreaterThanOrEqual(450);
    const whileOpen = h.receiver
      .on('/recovering')
      .filter((r) => r.receivedAt > openedAt + 50 && r.receivedAt < halfOpenAt - 50);
    expect(whileOpen).toHaveLength(0);
  });
});
