import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * An endpoint that keeps failing opens its breaker: further tasks are held
 * (no request, no attempt outcome, no attempt spent) while other endpoints
 * keep being delivered.
 */
describe('dispatcher breaker (real NATS)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start({
      HERALD_BREAKER_VOLUME: '2',
      HERALD_BREAKER_ERROR_PERCENT: '50',
      HERALD_BREAKER_RESET: '60s',
      HERALD_RETRY_SCHEDULE: '1m',
    });
  });

  afterAll(async () => {
    await h.stop();
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

    await h.publishTask(taskFor(broken));
    await pollUntil(
      async () =>
        (await h.metric('herald_dispatcher_deferrals_total', { reason: 'breaker_open' })) >= 1,
      { what: 'task deferred by the open breaker' },
    );
    expect(h.receiver.on('/broken')).toHaveLength(2);
    expect(h.attemptsOf(broken.id)).toHaveLength(2);

    const healthy = await h.putEndpoint(endpointAt(h.receiver.url('/healthy')));
    await h.publishTask(taskFor(healthy));
    const [delivered] = await h.finalAttempts(healthy.id);
    expect(delivered).toMatchObject({ outcome: 'success', attempt: 1 });
    // Held, not lost: the deferred task and the two scheduled retries are still in the stream.
    expect(await h.unfinishedTasks()).toBe(3);
    expect(h.attemptsOf(broken.id)).toHaveLength(2);
  });
});
