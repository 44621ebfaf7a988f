import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Registry } from 'prom-client';
import type { BreakerSettings } from '@herald/resilience';
import { pollUntil } from '@herald/testing';
import { aResult } from '../unit-fixtures.js';
import type { AttemptResult } from '../http/attempt-result.js';
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
