import { describe, expect, it } from '@jest/globals';
import { deliveryTaskId, type DeliveryTask } from '@herald/contracts';
import { aResult, aTask } from '../unit-fixtures.js';
import type { AttemptResult } from '../http/attempt-result.js';
import { attemptId, planAfterAttempt, type AttemptPlan, type RetryPolicy } from './retry-plan.js';

const policy: RetryPolicy = { scheduleMs: [5_000, 300_000], jitter: 0.2 };
const now = Date.parse('2026-11-22T10:00:02.000Z');
const middle = () => 0.5; // no jitter
/** The plan after an attempt, at `now`, under `policy`, without jitter. */
const planFor = (task: DeliveryTask, result: AttemptResult) =>
  planAfterAttempt(task, result, now, policy, middle);

/** The plan ends the chain at once: no retry, a final outcome, a dead letter for `reason`. */
function expectDeadLetter(planned: AttemptPlan, reason: AttemptPlan['deadLetter']) {
  expect(planned.retry).toBeNull();
  expect(planned.outcome.final).toBe(true);
  expect(planned.deadLetter).toBe(reason);
}

describe('planAfterAttempt', () => {
  it('publishes a final success and no next task', () => {
    const plan = planFor(
      aTask(),
      aResult({ outcome: 'success', reason: 'delivered', statusCode: 204, error: null }),
    );
    expect(plan.retry).toBeNull();
    expect(plan.outcome).toMatchObject({
      attemptId: 'msg_1:ep_1:1',
      attempt: 1,
      outcome: 'success',
      final: true,
      nextAttemptAt: null,
      at: '2026-11-22T10:00:01.000Z',
      latencyMs: 42,
    });
  });

  it('turns a failure with budget left into the same task, one attempt later, not before now + delay', () => {
    const task = aTask({ channel: 'sales' });
    const plan = planFor(task, aResult());
    expect(plan.retry).toEqual({
      ...task,
      attempt: 2,
      notBefore: '2026-11-22T10:00:07.000Z',
    });
    expect(deliveryTaskId(plan.retry!)).toBe('msg_1:ep_1:2');
    expect(plan.outcome).toMatchObject({
      outcome: 'failure',
      reason: 'http_status',
      statusCode: 500,
      final: false,
      nextAttemptAt: '2026-11-22T10:00:07.000Z',
    });
  });

  it('applies jitter through the injected random source', () => {
    const low = planAfterAttempt(aTask({ attempt: 2 }), aResult(), now, policy, () => 0);
    expect(low.retry?.notBefore).toBe(new Date(now + 240_000).toISOString());
  });

  it('makes the outcome final once the schedule is exhausted', () => {
    const plan = planFor(aTask({ attempt: 3 }), aResult());
    expect(plan.retry).toBeNull();
    expect(plan.outcome).toMatchObject({ attempt: 3, final: true, nextAttemptAt: null });
    expect(plan.outcome.attemptId).toBe(attemptId(aTask({ attempt: 3 })));
    expect(plan.deadLetter).toBe('exhausted');
    expect(plan.disableEndpoint).toBe(false);
  });

  it('records no dead letter while a retry is scheduled, nor after a success', () => {
    expect(planFor(aTask(), aResult()).deadLetter).toBeNull();
    const success = aResult({ outcome: 'success', reason: 'delivered', statusCode: 200 });
    expect(planFor(aTask({ attempt: 3 }), success).deadLetter).toBe(null);
  });

  it('waits for the receiver’s Retry-After instead of the schedule step, without jitter', () => {
    const plan = planAfterAttempt(
      aTask(),
      aResult({ statusCode: 429, retryAfterMs: 90_000 }),
      now,
      policy,
      () => 0,
    );
    expect(plan.retry?.notBefore).toBe(new Date(now + 90_000).toISOString());
    expect(plan.outcome.retryAfterMs).toBe(90_000);
  });

  it('still gives up after the schedule when the receiver keeps sending Retry-After', () => {
    const plan = planFor(aTask({ attempt: 3 }), aResult({ statusCode: 503, retryAfterMs: 1_000 }));
    expect(plan.retry).toBeNull();
    expect(plan.deadLetter).toBe('exhausted');
  });

  it('ends the chain at once on 410 Gone, as a dead letter, and disables the endpoint', () => {
    const plan = planFor(aTask(), aResult({ reason: 'endpoint_gone', statusCode: 410 }));
    expectDeadLetter(plan, 'endpoint_gone');
    expect(plan.disableEndpoint).toBe(true);
  });

  it.each(['ssrf_blocked', 'invalid_url'] as const)('never retries %s', (reason) => {
    const plan = planFor(aTask(), aResult({ reason, statusCode: null, error: 'refused' }));
    expectDeadLetter(plan, 'permanent');
  });

  it.each(['timeout', 'dns', 'connection_refused', 'connection_reset', 'network'] as const)(
    'retries %s',
    (reason) => {
      const plan = planFor(aTask(), aResult({ reason, statusCode: null }));
      expect(plan.retry?.attempt).toBe(2);
    },
  );
});
