import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/** Tasks of a disabled endpoint are held (parked) without spending attempts; tasks of a deleted one are dropped. */
describe('dispatcher holds and drops (real NATS)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('parks tasks of a disabled endpoint and delivers them, as attempt 1, once enabled', async () => {
    const disabled = await h.putEndpoint(endpointAt(h.receiver.url('/paused'), { enabled: false }));
    const before = await h.metric('herald_dispatcher_parked_tasks', {
      reason: 'endpoint_disabled',
    });
    await h.publishTask(taskFor(disabled));
    await pollUntil(
      async () =>
        (await h.metric('herald_dispatcher_parked_tasks', { reason: 'endpoint_disabled' })) ===
        before + 1,
      { what: 'the task parked while its endpoint is disabled' },
    );
    // Parked in Postgres and acked: it holds no JetStream delivery slot while it waits.
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'task acked' });
    expect(h.receiver.on('/paused')).toHaveLength(0);
    expect(h.attemptsOf(disabled.id)).toHaveLength(0);
    await h.putEndpoint({ ...disabled, enabled: true, updatedAt: new Date().toISOString() });
    const outcomes = await h.finalAttempts(disabled.id);
    expect(outcomes.map((o) => [o.attempt, o.outcome])).toEqual([[1, 'success']]);
    expect(h.receiver.on('/paused')).toHaveLength(1);
  });

  it('drops a task whose endpoint is gone for good, without an attempt', async () => {
    const gone = endpointAt(h.receiver.url('/gone'));
    const before = await h.metric('herald_dispatcher_dropped_tasks_total');
    await h.publishTask({
      ...taskFor(gone),
      createdAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await pollUntil(
      async () => (await h.metric('herald_dispatcher_dropped_tasks_total')) === before + 1,
      { what: 'task dropped' },
    );
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'task settled' });
    expect(h.attemptsOf(gone.id)).toHaveLength(0);
    expect(h.receiver.on('/gone')).toHaveLength(0);
  });
});
