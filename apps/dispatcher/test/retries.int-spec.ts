import { describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import { endpointAt, hangingServer, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/** Failures are retried on the schedule (100 ms, 200 ms here) and end in one final outcome. */
describe('dispatcher retries (real NATS)', () => {
  const h = Harness.forSuite();

  it('retries a 500 and records both attempts; the second succeeds', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/flaky')));
    h.receiver.respond('/flaky', () =>
      h.receiver.on('/flaky').length === 1 ? { status: 500, body: 'down' } : { status: 200 },
    );
    await h.publishTask(taskFor(endpoint));

    const outcomes = await h.finalAttempts(endpoint.id);
    expect(outcomes.map((o) => [o.attempt, o.outcome, o.statusCode, o.final])).toEqual([
      [1, 'failure', 500, false],
      [2, 'success', 200, true],
    ]);
    expect(outcomes[0]).toMatchObject({ reason: 'http_status', responseBody: 'down' });
    expect(Date.parse(outcomes[0]!.nextAttemptAt!)).toBeGreaterThan(Date.parse(outcomes[0]!.at));
    expect(h.receiver.on('/flaky')).toHaveLength(2);
  });

  it('gives up after the schedule with a final failure', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/down')));
    h.receiver.respond('/down', () => ({ status: 503 }));
    await h.publishTask(taskFor(endpoint));

    const outcomes = await h.finalAttempts(endpoint.id);
    expect(outcomes.map((o) => [o.attempt, o.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(outcomes[2]).toMatchObject({ outcome: 'failure', statusCode: 503, nextAttemptAt: null });
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'tasks settled' });
    expect(h.receiver.on('/down')).toHaveLength(3);
  });

  it('counts a redirect as a failure and never follows it', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/moved')));
    h.receiver.respond('/moved', () => ({
      status: 301,
      headers: { location: h.receiver.url('/moved-here') },
    }));
    await h.publishTask(taskFor(endpoint));

    const outcomes = await h.finalAttempts(endpoint.id);
    expect(outcomes.every((o) => o.outcome === 'failure' && o.statusCode === 301)).toBe(true);
    expect(outcomes[0]!.reason).toBe('http_status');
    expect(h.receiver.on('/moved-here')).toHaveLength(0);
  });

  it('reports a timeout when the receiver does not answer within the endpoint timeout', async () => {
    const hanging = await hangingServer();
    try {
      const endpoint = await h.putEndpoint(endpointAt(hanging.url, { timeoutMs: 200 }));
      await h.publishTask(taskFor(endpoint));
      const outcomes = await h.finalAttempts(endpoint.id);
      expect(outcomes.map((o) => o.reason)).toEqual(['timeout', 'timeout', 'timeout']);
      expect(outcomes[0]!.latencyMs).toBeGreaterThanOrEqual(190);
      expect(outcomes[0]!.error).toBe('no complete response within 200 ms');
      expect(hanging.hits()).toBe(3);
      expect(await h.metric('herald_dispatcher_requests_total', { reason: 'timeout' })).toBe(3);
    } finally {
      await hanging.stop();
    }
  });
});
