import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AlertSignal, EndpointState } from '@herald/contracts';
import type { Publisher } from '@herald/messaging';
import { pollUntil } from '@herald/testing';
import { anOutcome } from '../attempts/fixtures.js';
import type { EndpointStateStore, StoredEndpointState } from './endpoint-state.store.js';
import type { PauseConfig } from './pause-config.js';
import { PauseService } from './pause.service.js';
import type { RecentFailure, RecentFailures } from './recent-failures.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const config: PauseConfig = {
  threshold: 3,
  windowMs: 60_000,
  durationMs: 30_000,
  sweepIntervalMs: 3_600_000,
};

/** The service over an in-memory bucket, log and alert stream, with a clock the test moves. */
function setup(
  options: { history?: RecentFailure[]; stored?: EndpointState[]; durationMs?: number } = {},
) {
  const clock = { t: T0, now: () => clock.t };
  const bucket = new Map<string, StoredEndpointState>();
  let revision = 0;
  for (const state of options.stored ?? [])
    bucket.set(state.endpointId, { state, revision: ++revision });
  const faults = { put: 0 };
  const store = {
    put: (state: EndpointState) => {
      if (faults.put > 0 && faults.put--) return Promise.reject(new Error('NATS unavailable'));
      bucket.set(state.endpointId, { state, revision: ++revision });
      return Promise.resolve(revision);
    },
    list: () => Promise.resolve([...bucket.values()]),
    deleteIf: (id: string, expected: number) => {
      const ok = bucket.get(id)?.revision === expected;
      if (ok) bucket.delete(id);
      return Promise.resolve(ok);
    },
  } as unknown as EndpointStateStore;
  const history = {
    since: () => Promise.resolve(options.history ?? []),
  } as unknown as RecentFailures;
  const alerts: { key: string; payload: AlertSignal; msgId: string }[] = [];
  const publisher = {
    publish: (_topic: string, key: string, payload: AlertSignal, msgId: string) => {
      alerts.push({ key, payload, msgId });
      return Promise.resolve();
    },
  } as unknown as Publisher;
  const settings = { ...config, durationMs: options.durationMs ?? config.durationMs };
  const service = new PauseService(settings, clock, store, history, publisher);
  started.push(service);
  /** One newly stored failure of `ep_1`, stamped now. */
  const fail = (n = 1, endpointId = 'ep_1') =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        service.observe(
          anOutcome({
            attemptId: `att_${endpointId}_${clock.t}_${i}`,
            endpointId,
            outcome: 'failure',
            reason: 'timeout',
            at: new Date(clock.t).toISOString(),
          }),
          true,
        ),
      ),
    );
  return { service, clock, bucket, alerts, faults, fail };
}

const started: PauseService[] = [];
beforeAll(() => {
  Logger.overrideLogger(false);
});
afterEach(async () => {
  for (const service of started.splice(0)) await service.beforeApplicationShutdown();
});

describe('PauseService', () => {
  it('pauses on threshold + 1 failures: stores the state, then publishes one alert', async () => {
    const { service, bucket, alerts, fail } = setup();
    await service.start();
    await fail(3);
    expect(bucket.size).toBe(0);
    await fail(1);
    const until = new Date(T0 + 30_000).toISOString();
    expect(bucket.get('ep_1')?.state).toEqual({
      endpointId: 'ep_1',
      tenantId: 'ten_1',
      state: 'paused',
      until,
      reason: 'more than 3 failures in 1m',
      at: new Date(T0).toISOString(),
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      key: 'endpoint.paused',
      msgId: alerts[0]?.payload.alertId,
      payload: {
        kind: 'endpoint.paused',
        endpointId: 'ep_1',
        failures: 4,
        windowMs: 60_000,
        until,
      },
    });
  });

  it('counts a redelivered outcome once, and successes not at all', async () => {
    const { service, bucket } = setup();
    await service.start();
    const failure = anOutcome({
      outcome: 'failure',
      reason: 'timeout',
      at: new Date(T0).toISOString(),
    });
    await service.observe(failure, true);
    for (let i = 0; i < 10; i++) await service.observe(failure, false);
    for (let i = 0; i < 10; i++) await service.observe(anOutcome({ at: failure.at }), true);
    expect(bucket.size).toBe(0);
  });

  it('pauses once when many failures arrive together, and not again while paused', async () => {
    const { service, alerts, clock, fail } = setup();
    await service.start();
    await fail(20);
    clock.t += 29_000;
    await fail(20);
    expect(alerts).toHaveLength(1);
    expect(service.pausedUntil('ep_1')).toBe(T0 + 30_000);
  });

  it('keeps endpoints apart', async () => {
    const { service, bucket, fail } = setup();
    await service.start();
    await fail(3, 'ep_1');
    await fail(3, 'ep_2');
    expect(bucket.size).toBe(0);
  });

  it('ends the pause at until: the sweep deletes the key, and failures may pause again', async () => {
    const { service, bucket, alerts, clock, fail } = setup();
    await service.start();
    await fail(4);
    clock.t += 29_999;
    await service.sweep();
    expect(bucket.has('ep_1')).toBe(true);
    clock.t += 1;
    await service.sweep();
    expect(bucket.has('ep_1')).toBe(false);
    expect(service.pausedUntil('ep_1')).toBeNull();
    // The window was cleared at the pause: it takes threshold + 1 new failures.
    await fail(3);
    expect(bucket.has('ep_1')).toBe(false);
    await fail(1);
    expect(bucket.get('ep_1')?.state.until).toBe(new Date(T0 + 60_000).toISOString());
    expect(alerts).toHaveLength(2);
  });

  it('ends the pause by a timer at until, without waiting for the sweep', async () => {
    const { service, bucket, fail } = setup({ durationMs: 50 });
    await service.start();
    await fail(4);
    expect(bucket.has('ep_1')).toBe(true);
    await pollUntil(() => !bucket.has('ep_1'), {
      what: 'the pause key to be deleted',
      timeoutMs: 2_000,
    });
  });

  it('when storing the pause fails, rejects, and the next outcome of the endpoint retries it', async () => {
    const { service, bucket, alerts, faults, fail } = setup();
    await service.start();
    await fail(3);
    faults.put = 1;
    await expect(fail(1)).rejects.toThrow('NATS unavailable');
    expect(alerts).toHaveLength(0);
    // The redelivered outcome is already stored: it does not count, but it completes the pause.
    await service.observe(anOutcome({ outcome: 'failure' }), false);
    expect(bucket.has('ep_1')).toBe(true);
    expect(alerts).toHaveLength(1);
  });

  it('rebuilds the window from the log at start-up', async () => {
    const history = [1, 2].map((s) => ({
      endpointId: 'ep_1',
      tenantId: 'ten_1',
      url: 'u',
      at: T0 - s * 1_000,
    }));
    const { service, bucket, fail } = setup({ history });
    await service.start();
    await fail(1);
    expect(bucket.size).toBe(0);
    await fail(1);
    expect(bucket.has('ep_1')).toBe(true);
  });

  it('pauses at start-up an endpoint the log shows already over the threshold', async () => {
    const history = [1, 2, 3, 4].map((s) => ({
      endpointId: 'ep_1',
      tenantId: 'ten_1',
      url: 'https://example.com/hook',
      at: T0 - s * 1_000,
    }));
    const { service, bucket, alerts } = setup({ history });
    await service.start();
    expect(bucket.get('ep_1')?.state.until).toBe(new Date(T0 + 30_000).toISOString());
    expect(alerts.map((a) => a.payload.kind)).toEqual(['endpoint.paused']);
  });

  it('at start-up adopts a live pause (no second pause) and deletes an expired one', async () => {
    const state = (endpointId: string, until: number): EndpointState => ({
      endpointId,
      tenantId: 'ten_1',
      state: 'paused',
      until: new Date(until).toISOString(),
      reason: 'r',
      at: new Date(T0 - 10_000).toISOString(),
    });
    const history = [1, 2, 3, 4, 5].map((s) => ({
      endpointId: 'ep_live',
      tenantId: 'ten_1',
      url: 'u',
      at: T0 - s * 1_000,
    }));
    const { service, bucket, alerts, fail } = setup({
      history,
      stored: [state('ep_live', T0 + 5_000), state('ep_done', T0 - 1)],
    });
    await service.start();
    expect([...bucket.keys()]).toEqual(['ep_live']);
    expect(service.pausedUntil('ep_live')).toBe(T0 + 5_000);
    await fail(10, 'ep_live');
    expect(alerts).toEqual([]);
  });
});
