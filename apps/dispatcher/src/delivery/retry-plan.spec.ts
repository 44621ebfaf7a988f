import { describe, expect, it } from '@jest/globals';
import { deliveryTaskId } from '@herald/contracts';
import { aResult, aTask } from '../unit-fixtures.js';
import { attemptId, planAfterAttempt, type RetryPolicy } from './retry-plan.js';

const policy: RetryPolicy = { scheduleMs: [5_000, 300_000], jitter: 0.2 };
const now = Date.parse('2026-11-22T10:00:02.000Z');
const middle = () => 0.5; // no jitter

describe('planAfterAttempt', () => {
  it('publishes a final success and no next task', () => {
    const plan = planAfterAttempt(
      aTask(),
      aResult({ outcome: 'success', reason: 'delivered', statusCode: 204, error: null }),
      now,
      policy,
      middle,
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
    const plan = planAfterAttempt(task, aResult(), now, policy, middle);
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
    const plan = planAfterAttempt(aTask({ attempt: 3 }), aResult(), now, policy, middle);
    expect(plan.retry).toBeNull();
    expect(plan.outcome).toMatchObject({ attempt: 3, final: true, nextAttemptAt: null });
    expect(plan.outcome.attemptId).toBe(attemptId(aTask({ attempt: 3 })));
    expect(plan.deadLetter).toBe('exhausted');
    expect(plan.disableEndpoint).toBe(false);
  });

  it('records no dead letter while a retry is scheduled, nor after a success', () => {
    expect(planAfterAttempt(aTask(), aResult(), now, policy, middle).deadLetter).toBeNull();
    const success = aResult({ outcome: 'success', reason: 'delivered', statusCode: 200 });
    expect(planAfterAttempt(aTask({ attempt: 3 }), success, now, policy, middle).deadLetter).toBe(
      null,
    );
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
    const plan = planAfterAttempt(
      aTask({ attempt: 3 }),
      aResult({ statusCode: 503, retryAfterMs: 1_000 }),
      now,
      policy,
      middle,
    );
    expect(plan.retry).toBeNull();
    expect(plan.deadLetter).toBe('exhausted');
  });

  it('ends the chain at once on 410 Gone, as a dead letter, and disables the endpoint', () => {
    const plan = planAfterAttempt(
      aTask(),
      aResult({ reason: 'endpoint_gone', statusCode: 410 }),
      now,
      policy,
      middle,
    );
    expect(plan.retry).toBeNull();
    expect(plan.outcome.final).toBe(true);
    expect(plan.deadLetter).toBe('endpoint_gone');
    expect(plan.disableEndpoint).toBe(true);
  });

  it.each(['ssrf_blocked', 'invalid_url'] as const)('never retries %s', (reason) => {
    const plan = planAfterAttempt(
      aTask(),
      aResult({ reason, statusCode: null, error: 'refused' }),
      now,
      policy,
      middle,
    );
    expect(plan.retry).toBeNull();
    expect(plan.outcome.final).toBe(true);
    expect(plan.deadLetter).toBe('permanent');
  });

  it.each(['timeout', 'dns', 'connection_refused', 'connection_reset', 'network'] as const)(
    'retries %s',
    (reason) => {
      const plan = planAfterAttempt(
        aTask(),
        aResult({ reason, statusCode: null }),
        now,
        policy,
        middle,
      );
      expect(plan.retry?.attempt).toBe(2);
    },
  );
});
