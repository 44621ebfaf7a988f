import { describe, expect, it } from '@jest/globals';
import type { DeliveryGroup, DeliveryTask } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/** A signed delivery end to end: the receiver verifies it with the reference library. */
describe('dispatcher delivery (real NATS)', () => {
  const h = Harness.forSuite();

  it('delivers the payload unchanged, signed so the reference library verifies it, with custom headers', async () => {
    const endpoint = await h.putEndpoint(
      endpointAt(h.receiver.url('/signed'), { headers: { 'X-Customer-Token': 'tok-42' } }),
    );
    h.receiver.expectSecret('/signed', endpoint.secrets[0]!);
    const payload =
      '{ "event": "message_created", "date": "2026-11-22", "v": "1.1", "text": "olá" }';
    const task = taskFor(endpoint, payload);
    await h.publishTask(task);

    const [outcome] = await h.finalAttempts(endpoint.id);
    const [request] = h.receiver.on('/signed');
    expect(request).toBeDefined();
    expect(request!.verified).toBe(true);
    expect(request!.body).toBe(payload);
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^Herald\/\d+\.\d+\.\d+/),
      'webhook-id': task.messageId,
      'x-customer-token': 'tok-42',
    });
    expect(outcome).toMatchObject({
      attemptId: `${task.messageId}:${endpoint.id}:1`,
      attempt: 1,
      outcome: 'success',
      reason: 'delivered',
      statusCode: 204,
      final: true,
      nextAttemptAt: null,
      url: endpoint.url,
    });
  });

  it('counts requests by outcome and reason on /metrics', async () => {
    const endpoint = await h.putEndpoint(endpointAt(h.receiver.url('/counted')));
    await h.publishTask(taskFor(endpoint));
    await h.finalAttempts(endpoint.id);
    expect(
      await h.metric('herald_dispatcher_requests_total', {
        outcome: 'success',
        reason: 'delivered',
      }),
    ).toBe(2);
    expect(
      await h.metric('herald_dispatcher_request_duration_seconds_count', { outcome: 'success' }),
    ).toBe(2);
  });

  it('publishes the outcomes of attempts that finish together in fewer messages, each outcome once', async () => {
    const endpoint = await h.putEndpoint(
      endpointAt(h.receiver.url('/together'), { concurrency: 20 }),
    );
    const before = await h.attemptMessagesStored();
    const tasks = Array.from({ length: 60 }, () => taskFor(endpoint));
    await Promise.all(tasks.map((task) => h.publishTask(task)));
    await pollUntil(() => h.attemptsOf(endpoint.id).length >= tasks.length, {
      what: 'an outcome for every task',
    });
    const ids = h.attemptsOf(endpoint.id).map((o) => o.attemptId);
    expect(ids.sort()).toEqual(tasks.map((t) => `${t.messageId}:${endpoint.id}:1`).sort());
    const messages = (await h.attemptMessagesStored()) - before;
    expect(messages).toBeLessThan(tasks.length);
  });

  it('delivers each task of a batch message once, and hands back alone a task it cannot start yet', async () => {
    const known = await h.putEndpoint(endpointAt(h.receiver.url('/batched')));
    const later = endpointAt(h.receiver.url('/batched-later'));
    const tasks = [taskFor(known), taskFor(known), taskFor(known), taskFor(later)];
    await h.publishBatch(tasks);
    await pollUntil(() => h.receiver.on('/batched').length >= 3, {
      what: "the known endpoint's three",
    });
    // The unknown endpoint's task waits as a message of its own; it arrives once the endpoint exists.
    await h.putEndpoint(later);
    await pollUntil(() => h.receiver.on('/batched-later').length >= 1, {
      what: 'the task handed back',
      timeoutMs: 20_000,
    });
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'every message acked' });
    const ids = (path: string) =>
      h.receiver
        .on(path)
        .map((r) => r.headers['webhook-id'])
        .sort();
    expect(ids('/batched')).toEqual(
      tasks
        .slice(0, 3)
        .map((t) => t.messageId)
        .sort(),
    );
    expect(ids('/batched-later')).toEqual([tasks[3]!.messageId]);
  });

  it("delivers a group's payload to each of its endpoints once, signed for each, beside a batch's single tasks", async () => {
    const paths = ['/grouped-a', '/grouped-b', '/grouped-c'];
    const endpoints = await Promise.all(
      paths.map((path) => h.putEndpoint(endpointAt(h.receiver.url(path)))),
    );
    endpoints.forEach((endpoint, i) => h.receiver.expectSecret(paths[i]!, endpoint.secrets[0]!));
    const single = taskFor(endpoints[0]!, '{"alone":true}');
    const fields: Partial<DeliveryTask> = taskFor(endpoints[0]!, '{"grouped":true}');
    delete fields.endpointId;
    await h.publishBatchOf({
      tasks: [single],
      groups: [{ ...(fields as DeliveryGroup), endpointIds: endpoints.map((e) => e.id) }],
    });
    await pollUntil(
      async () => (await h.unfinishedTasks()) === 0 && h.receiver.on(paths[2]!).length > 0,
      {
        what: 'every task delivered and the batch acked',
      },
    );
    for (const [i, endpoint] of endpoints.entries()) {
      const grouped = h.receiver.on(paths[i]!).filter((r) => r.body === '{"grouped":true}');
      expect(grouped).toHaveLength(1);
      expect(grouped[0]!.verified).toBe(true);
      expect(grouped[0]!.headers['webhook-id']).toBe(fields.messageId);
      const logged = i === 0 ? 2 : 1;
      await pollUntil(() => h.attemptsOf(endpoint.id).length >= logged, {
        what: 'attempts logged',
      });
      expect(h.attemptsOf(endpoint.id).map((a) => a.attemptId)).toContain(
        `${fields.messageId}:${endpoint.id}:1`,
      );
    }
    expect(h.receiver.on(paths[0]!).map((r) => r.body)).toContain('{"alone":true}');
  });
});

/**
 * A batch's tasks take admission turns as single messages take consumer
 * slots: past the queue limit, at most `HERALD_DISPATCH_CONCURRENCY` of them
 * wait in memory holding their turn; the rest wait undecoded work away, in
 * the message. Without the turns, every task of a batch to distinct
 * endpoints queued beyond the limit (a 10,000-task fan-out held them all).
 */
describe('dispatcher batch admission (real NATS)', () => {
  const h = Harness.forSuite({
    HERALD_DISPATCH_CONCURRENCY: '2',
    HERALD_DISPATCH_QUEUE_LIMIT: '1',
    HERALD_DISPATCH_MAX_IN_FLIGHT: '1',
  });

  it('holds at most the queue limit plus the admission turns, and delivers every task once', async () => {
    const paths = Array.from({ length: 8 }, (_, i) => `/turns-${i}`);
    for (const path of paths) h.receiver.respond(path, () => ({ delayMs: 250 }));
    const endpoints = await Promise.all(
      paths.map((path) => h.putEndpoint(endpointAt(h.receiver.url(path)))),
    );
    const tasks = endpoints.map((endpoint) => taskFor(endpoint));
    await h.publishBatch(tasks);
    let most = 0;
    await pollUntil(
      async () => {
        most = Math.max(most, await h.metric('herald_dispatcher_tasks', { state: 'queued' }));
        return paths.every((path) => h.receiver.on(path).length > 0);
      },
      { what: 'every task of the batch delivered', timeoutMs: 20_000, intervalMs: 10 },
    );
    // One queued within the limit, two beyond it holding the turns; one in flight.
    expect(most).toBe(3);
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, { what: 'the batch acked' });
    for (const [i, endpoint] of endpoints.entries()) {
      expect(h.receiver.on(paths[i]!)).toHaveLength(1);
      expect((await h.finalAttempts(endpoint.id)).map((a) => a.outcome)).toEqual(['success']);
    }
  });
});
