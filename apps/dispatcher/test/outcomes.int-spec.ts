import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil, RegistrySeed, TEST_NATS_URL } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/**
 * What follows an attempt, on real NATS and Postgres: Retry-After, 410 Gone,
 * per-endpoint retry schedules, dead letters visible through the API and
 * replayable, pauses from the health-monitor, and expired holds.
 */
describe('dispatcher outcomes (real NATS and Postgres)', () => {
  const h = Harness.forSuite({
    HERALD_DISABLED_HOLD: '1s',
    HERALD_REPLAY_RATE: '100',
    HERALD_REJECTION_REPORT_INTERVAL: '100ms',
  });
  let seed: RegistrySeed;
  let tenant: { tenantId: string; apiKey: string };

  beforeAll(async () => {
    seed = await RegistrySeed.open(TEST_NATS_URL, h.namespace);
    tenant = await seed.tenant();
  });

  afterAll(async () => {
    await seed?.dispose();
  });

  const endpoint = (path: string, fields: Parameters<typeof endpointAt>[1] = {}) =>
    h.putEndpoint(endpointAt(h.receiver.url(path), { tenantId: tenant.tenantId, ...fields }));

  const deadLetters = async (endpointId: string) => {
    const listed = await h.api('GET', `/v1/dead-letters?endpointId=${endpointId}`, tenant.apiKey);
    expect(listed.status).toBe(200);
    return listed.body.data as Record<string, unknown>[];
  };

  it('waits for the receiver’s Retry-After before the next attempt', async () => {
    h.receiver.respond('/busy', (_r, nth) => (nth === 1 ? { status: 429, retryAfter: 1 } : {}));
    const busy = await endpoint('/busy');
    await h.publishTask(taskFor(busy));
    const [first, second] = await h.finalAttempts(busy.id);
    expect(first).toMatchObject({ statusCode: 429, retryAfterMs: 1_000, final: false });
    expect(second).toMatchObject({ outcome: 'success', attempt: 2 });
    const [a, b] = h.receiver.on('/busy');
    // The harness's own schedule would retry after 100 ms.
    expect(b!.receivedAt - a!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('ends the chain at 410 Gone: no retry, a disable command for the registry, a dead letter', async () => {
    h.receiver.respond('/gone', () => ({ status: 410 }));
    const gone = await endpoint('/gone');
    await h.publishTask(taskFor(gone));
    const outcomes = await h.finalAttempts(gone.id);
    expect(outcomes.map((o) => [o.attempt, o.reason, o.final])).toEqual([
      [1, 'endpoint_gone', true],
    ]);
    const command = await pollUntil(() => h.commands.find((c) => c.endpointId === gone.id), {
      what: 'disable command',
    });
    expect(command).toMatchObject({
      action: 'disable',
      reason: 'endpoint_gone',
      tenantId: tenant.tenantId,
      statusCode: 410,
    });
    const [letter] = await pollUntil(async () => {
      const found = await deadLetters(gone.id);
      return found.length > 0 && found;
    });
    expect(letter).toMatchObject({ reason: 'endpoint_gone', lastStatusCode: 410, attempts: 1 });
    expect(h.receiver.on('/gone')).toHaveLength(1);
  });

  it('uses the endpoint’s own retry schedule over the default', async () => {
    h.receiver.respond('/own-schedule', () => ({ status: 500 }));
    const own = await endpoint('/own-schedule', { retryScheduleMs: [50] });
    await h.publishTask(taskFor(own));
    const outcomes = await h.finalAttempts(own.id);
    expect(outcomes.map((o) => [o.attempt, o.final])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('keeps an exhausted chain as a dead letter with its last error, and replays it', async () => {
    let down = true;
    h.receiver.respond('/exhausted', () => (down ? { status: 503, body: 'maintenance' } : {}));
    const target = await endpoint('/exhausted');
    const task = taskFor(target, '{"order": 7}');
    await h.publishTask(task);
    await h.finalAttempts(target.id);
    const [letter] = await pollUntil(async () => {
      const found = await deadLetters(target.id);
      return found.length > 0 && found;
    });
    expect(letter).toMatchObject({
      messageId: task.messageId,
      reason: 'exhausted',
      attempts: 3,
      lastStatusCode: 503,
      lastError: 'HTTP 503',
    });
    down = false;
    const replay = await h.api('POST', '/v1/dead-letters/replay', tenant.apiKey, {
      endpointId: target.id,
    });
    expect(replay.status).toBe(202);
    const delivered = await pollUntil(() =>
      h.receiver.on('/exhausted').find((r) => r.answeredWith === 204),
    );
    expect(delivered.body).toBe('{"order": 7}');
    expect(delivered.headers['webhook-id']).toBe(task.messageId);
  });

  it('holds a paused endpoint’s task until the pause ends, then delivers it', async () => {
    const paused = await endpoint('/paused');
    const until = Date.now() + 1_500;
    await h.pause(paused, until);
    const before = await h.metric('herald_dispatcher_deferrals_total', {
      reason: 'endpoint_paused',
    });
    await h.publishTask(taskFor(paused));
    await pollUntil(
      async () =>
        (await h.metric('herald_dispatcher_deferrals_total', { reason: 'endpoint_paused' })) >
        before,
      { what: 'the task deferred by the pause' },
    );
    const [request] = await pollUntil(() => {
      const seen = h.receiver.on('/paused');
      return seen.length > 0 && seen;
    });
    expect(request!.receivedAt).toBeGreaterThanOrEqual(until);
    const [outcome] = await h.finalAttempts(paused.id);
    expect(outcome).toMatchObject({ attempt: 1, outcome: 'success' });
    // Reported as one rejection of this endpoint (health histogram), not as a breaker rejection.
    await pollUntil(() => h.rejected(paused.id, 'endpoint_paused') === 1, {
      what: 'an endpoint_paused rejection report',
    });
    expect(h.rejected(paused.id, 'breaker_open')).toBe(0);
  });

  it('turns a disabled endpoint’s task into a dead letter when its hold expires, without sending', async () => {
    const disabled = await endpoint('/held', {
      enabled: false,
      disabledReason: 'operator',
      disabledAt: new Date().toISOString(),
    });
    const task = taskFor(disabled);
    await h.publishTask(task);
    const [letter] = await pollUntil(
      async () => {
        const found = await deadLetters(disabled.id);
        return found.length > 0 && found;
      },
      { what: 'the expired hold as a dead letter' },
    );
    expect(letter).toMatchObject({
      messageId: task.messageId,
      reason: 'hold_expired',
      attempts: 0,
    });
    expect(h.receiver.on('/held')).toHaveLength(0);
    expect(h.attemptsOf(disabled.id)).toHaveLength(0);
  });
});
