import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * Tasks of a disabled endpoint are held (parked) without spending attempts;
 * tasks of an endpoint the read model does not know become dead letters
 * after the grace, counted from when the dispatcher first saw them.
 */
const GRACE_MS = 2_000;

describe('dispatcher holds and drops (real NATS)', () => {
  const h = Harness.forSuite({ HERALD_UNKNOWN_ENDPOINT_GRACE: `${GRACE_MS}ms` });

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

  it('waits the grace from when it first saw a task of an unknown endpoint, then dead-letters it', async () => {
    const unknown = endpointAt(h.receiver.url('/unknown'));
    const before = await h.metric('herald_dispatcher_dead_letters_total', {
      reason: 'endpoint_unknown',
    });
    const publishedAt = Date.now();
    // The message is an hour old (a resend, say): its grace still starts now.
    await h.publishTask({
      ...taskFor(unknown),
      createdAt: new Date(publishedAt - 3_600_000).toISOString(),
    });
    await pollUntil(
      async () =>
        (await h.metric('herald_dispatcher_dead_letters_total', { reason: 'endpoint_unknown' })) ===
        before + 1,
      { what: 'task dead-lettered as endpoint_unknown', timeoutMs: 15_000 },
    );
    expect(Date.now() - publishedAt).toBeGreaterThanOrEqual(GRACE_MS);
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'task settled' });
    expect(h.attemptsOf(unknown.id)).toHaveLength(0);
    expect(h.receiver.on('/unknown')).toHaveLength(0);
  });
});
