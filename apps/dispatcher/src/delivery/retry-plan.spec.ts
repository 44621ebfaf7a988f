import { describe, expect, it } from '@jest/globals';
import { deliveryTaskId } from '@herald/contracts';
import { aResult, aTask } from './fixtures.js';
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
