import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Registry } from 'prom-client';
import {
  breakerMaker,
  windowClockFor,
  type BreakerSettings,
  type CircuitBreaker,
} from '@herald/resilience';
import { pollUntil } from '@herald/testing';
import { aResult } from '../unit-fixtures.js';
import { PERMANENT_REASONS, type AttemptResult } from '../http/attempt-result.js';
import { DispatcherMetrics } from '../metrics/dispatcher-metrics.js';
import { systemClock } from '@herald/runtime';
import { BREAKER_OPEN, EndpointBreakers } from './endpoint-breakers.js';

const settings: BreakerSettings = {
  errorThresholdPercentage: 50,
  volumeThreshold: 2,
  rollingCountTimeoutMs: 10_000,
  resetTimeoutMs: 60_000,
};
const endpoint = { id: 'ep_1', tenantId: 'ten_1', url: 'https://hooks.example.com/x' };
const ok = aResult({ outcome: 'success', reason: 'delivered', statusCode: 200, error: null });
const failed = aResult();

describe('EndpointBreakers', () => {
  let registry: Registry;
  let breakers: EndpointBreakers;
  let announced: string[];
  const make = (overrides: Partial<BreakerSettings> = {}) => {
    registry = new Registry();
    announced = [];
    breakers = new EndpointBreakers(
      { ...settings, ...overrides },
      new DispatcherMetrics(registry, 100),
      (change) => announced.push(`${change.endpointId}:${change.tenantId}:${change.state}`),
      systemClock,
    );
    return breakers;
  };
  /** The exported state; a closed breaker has no series (0). */
  const state = async (id = 'ep_1') => {
    const values = (await registry.getSingleMetric('herald_breaker_state')!.get()).values;
    return values.find((v) => v.labels.endpoint === id)?.value ?? 0;
  };
  const counting = (result: AttemptResult) => {
    const calls = { count: 0 };
    const send = () => {
      calls.count += 1;
      return Promise.resolve(result);
    };
    return { calls, send };
  };

  afterEach(() => {
    breakers.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('returns results unchanged, failures included', async () => {
    make();
    expect(await breakers.run(endpoint, () => Promise.resolve(ok))).toBe(ok);
    expect(await breakers.run(endpoint, () => Promise.resolve(failed))).toBe(failed);
    expect(await state()).toBe(0);
  });

  it('opens after failed results and then refuses without sending', async () => {
    make();
    const { calls, send } = counting(failed);
    await breakers.run(endpoint, send);
    await breakers.run(endpoint, send);
    expect(await breakers.run(endpoint, send)).toBe(BREAKER_OPEN);
    expect(calls.count).toBe(2);
    expect(await state()).toBe(2);
    expect(breakers.openFor('ep_1')).toBeGreaterThan(59_000);
    expect(breakers.openFor('ep_1')).toBeLessThanOrEqual(60_000);
    expect(breakers.openFor('ep_2')).toBeNull();
    expect(announced).toEqual(['ep_1:ten_1:open']);
  });

  it.each(['ssrf_blocked', 'invalid_url', 'endpoint_gone'] as const)(
    'does not count %s against the endpoint’s breaker',
    async (reason) => {
      make();
      const refused = aResult({ reason, statusCode: null });
      for (let i = 0; i < 5; i++)
        expect(await breakers.run(endpoint, () => Promise.resolve(refused))).toBe(refused);
      expect(await state()).toBe(0);
    },
  );

  it('keeps endpoints apart and starts afresh when the URL changes', async () => {
    make();
    const { send } = counting(failed);
    await breakers.run(endpoint, send);
    await breakers.run(endpoint, send);
    expect(await breakers.run({ ...endpoint, id: 'ep_2' }, () => Promise.resolve(ok))).toBe(ok);
    const moved = { ...endpoint, url: 'https://new.example.com/x' };
    expect(await breakers.run(moved, () => Promise.resolve(ok))).toBe(ok);
    expect(await state()).toBe(0);
  });

  it('half-opens after the reset timeout and closes on a successful probe', async () => {
    make({ resetTimeoutMs: 50 });
    const { send } = counting(failed);
    await breakers.run(endpoint, send);
    await breakers.run(endpoint, send);
    await pollUntil(async () => (await state()) === 1, { what: 'half-open', timeoutMs: 2_000 });
    expect(breakers.openFor('ep_1')).toBeNull();
    expect(await breakers.run(endpoint, () => Promise.resolve(ok))).toBe(ok);
    expect(await state()).toBe(0);
    expect(announced).toEqual(['ep_1:ten_1:open', 'ep_1:ten_1:half_open', 'ep_1:ten_1:closed']);
  });

  it('rethrows unexpected errors', async () => {
    make();
    await expect(breakers.run(endpoint, () => Promise.reject(new Error('bug')))).rejects.toThrow(
      'bug',
    );
  });

  it('forgets a deleted endpoint, open breaker and series included', async () => {
    make();
    const { send } = counting(failed);
    await breakers.run(endpoint, send);
    await breakers.run(endpoint, send);
    expect(await state()).toBe(2);
    breakers.forget('ep_1');
    expect(await state()).toBe(0);
    expect(breakers.openFor('ep_1')).toBeNull();
  });

  describe('breakers made at the first failure', () => {
    it('holds no breaker for endpoints whose attempts all succeed', async () => {
      make();
      for (let i = 0; i < 50; i++) {
        const each = { ...endpoint, id: `ep_${i}` };
        expect(await breakers.run(each, () => Promise.resolve(ok))).toBe(ok);
        expect(
          await breakers.run(each, () => Promise.resolve(aResult({ reason: 'endpoint_gone' }))),
        ).toMatchObject({ reason: 'endpoint_gone' });
      }
      expect(breakers.size).toBe(50);
      expect(breakers.breakers).toBe(0);
      await breakers.run(endpoint, () => Promise.resolve(failed));
      expect(breakers.breakers).toBe(1);
    });

    it('counts the successes before the first failure: it decides on the whole window', async () => {
      make({ volumeThreshold: 4 });
      for (let i = 0; i < 4; i++) await breakers.run(endpoint, () => Promise.resolve(ok));
      const { calls, send } = counting(failed);
      // 4 failures of 8 attempts is 50 %, not above the threshold: still closed.
      for (let i = 0; i < 4; i++) expect(await breakers.run(endpoint, send)).toBe(failed);
      expect(await state()).toBe(0);
      // The fifth failure is 5 of 9: it opens.
      expect(await breakers.run(endpoint, send)).toBe(failed);
      expect(await breakers.run(endpoint, send)).toBe(BREAKER_OPEN);
      expect(calls.count).toBe(5);
      expect(announced).toEqual(['ep_1:ten_1:open']);
    });

    it('counts an attempt that started before its breaker existed when it settles', async () => {
      make({ volumeThreshold: 3 });
      let answer!: (result: AttemptResult) => void;
      const slow = breakers.run(
        endpoint,
        () => new Promise<AttemptResult>((resolve) => (answer = resolve)),
      );
      await breakers.run(endpoint, () => Promise.resolve(failed));
      await breakers.run(endpoint, () => Promise.resolve(failed));
      expect(breakers.breakers).toBe(1);
      expect(await state()).toBe(0);
      // The third failure reaches the volume: 3 of 3.
      answer(failed);
      expect(await slow).toBe(failed);
      expect(await state()).toBe(2);
    });

    it('decides step by step as a breaker made at the first attempt (random steps)', async () => {
      jest.useFakeTimers();
      const options = { volumeThreshold: 5, resetTimeoutMs: 2_000 };
      make(options);
      const reference = breakerMaker(
        'reference',
        async (send: () => Promise<AttemptResult>) => {
          const result = await send();
          if (result.outcome === 'failure' && !PERMANENT_REASONS.has(result.reason))
            throw new Error(result.reason);
          return result;
        },
        { ...settings, ...options },
        windowClockFor({ ...settings, ...options }),
      )();
      const throughReference = async (
        breaker: CircuitBreaker<[() => Promise<AttemptResult>], AttemptResult>,
        result: AttemptResult,
      ) =>
        breaker
          .fire(() => Promise.resolve(result))
          .then(
            () => 'sent',
            (error: { code?: string }) => (error.code === 'EOPENBREAKER' ? 'refused' : 'sent'),
          );
      const gone = aResult({ reason: 'endpoint_gone' });
      let seed = 7;
      const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const seen = { refused: 0, sent: 0, opened: 0 };
      for (let step = 0; step < 2_000; step++) {
        const roll = random();
        if (roll < 0.15) {
          jest.advanceTimersByTime(settings.rollingCountTimeoutMs / 10);
          continue;
        }
        const result = roll < 0.58 ? failed : roll < 0.62 ? gone : ok;
        const expected = await throughReference(reference, result);
        const got = await breakers.run(endpoint, () => Promise.resolve(result));
        expect([step, got === BREAKER_OPEN ? 'refused' : 'sent']).toEqual([step, expected]);
        expect([step, breakers.openFor('ep_1') !== null]).toEqual([step, reference.opened]);
        seen[expected as 'sent' | 'refused'] += 1;
        if (reference.opened) seen.opened += 1;
      }
      reference.shutdown();
      // The walk went through every state, often.
      expect(seen.refused).toBeGreaterThan(200);
      expect(seen.sent).toBeGreaterThan(500);
      expect(announced.filter((change) => change.endsWith(':open')).length).toBeGreaterThan(15);
      expect(announced.filter((change) => change.endsWith(':closed')).length).toBeGreaterThan(5);
    });
  });

  describe('idle endpoints', () => {
    /** One bucket of the window (a tenth of it): the window clock turns every bucket. */
    const bucketMs = settings.rollingCountTimeoutMs / 10;

    it('forgets a closed breaker once its window is empty; the next attempt starts afresh', async () => {
      jest.useFakeTimers();
      make();
      const { send } = counting(failed);
      await breakers.run(endpoint, send);
      jest.advanceTimersByTime(9 * bucketMs);
      expect(breakers.size).toBe(1);
      jest.advanceTimersByTime(bucketMs);
      expect(breakers.size).toBe(0);
      // The old breaker would have dropped that failure from its window too:
      // one more does not reach the volume threshold (2) and sends.
      await breakers.run(endpoint, send);
      expect(await breakers.run(endpoint, () => Promise.resolve(ok))).toBe(ok);
      expect(breakers.size).toBe(1);
      expect(announced).toEqual([]);
    });

    it('counts from when the last attempt settled, not when it started', async () => {
      jest.useFakeTimers();
      make();
      let answer!: (result: AttemptResult) => void;
      const running = breakers.run(
        endpoint,
        () => new Promise<AttemptResult>((resolve) => (answer = resolve)),
      );
      jest.advanceTimersByTime(20 * bucketMs);
      expect(breakers.size).toBe(1);
      answer(failed);
      expect(await running).toBe(failed);
      jest.advanceTimersByTime(9 * bucketMs);
      expect(breakers.size).toBe(1);
      jest.advanceTimersByTime(bucketMs);
      expect(breakers.size).toBe(0);
    });

    it('keeps an open breaker however long it idles', async () => {
      jest.useFakeTimers();
      make();
      const { send } = counting(failed);
      await breakers.run(endpoint, send);
      await breakers.run(endpoint, send);
      jest.advanceTimersByTime(30 * bucketMs);
      expect(breakers.size).toBe(1);
      expect(await breakers.run(endpoint, send)).toBe(BREAKER_OPEN);
      expect(await state()).toBe(2);
    });
  });
});
