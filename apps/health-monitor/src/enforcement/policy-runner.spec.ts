import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type {
  AlertSignal,
  AttemptOutcome,
  EndpointControl,
  EndpointState,
} from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { ManualClock } from '@herald/runtime';
import { alertIdFor } from '../alerts/alert-id.js';
import type { EndpointRecord } from '../policies/endpoint-record.js';
import { anOutcome } from '../testing/outcomes.js';
import type { StoredEndpointState } from './endpoint-state.store.js';
import type { RunnerSettings } from '../settings.js';
import { PolicyRunner } from './policy-runner.js';
import type { RecentFailure } from './recent-failures.js';

const HOUR = 3_600_000;

/** The pause policy's settings in the pause tests. */
const config = {
  threshold: 3,
  windowMs: 60_000,
  durationMs: 30_000,
  sweepIntervalMs: 3_600_000,
};

interface Options {
  /** Records in table `endpoint_health` at start-up. */
  stored?: EndpointRecord[];
  /** States in the endpoint-state bucket at start-up. */
  states?: EndpointState[];
  /** Failures in the attempt log at start-up. */
  history?: RecentFailure[];
  pause?: Partial<RunnerSettings['pause']>;
  start: number;
}

/**
 * The runner over an in-memory bucket, table, log and alert stream, each of
 * which can be told to fail, with a clock the test moves.
 */
function setup(options: Options) {
  const clock = new ManualClock(options.start);
  const settings: RunnerSettings = {
    pause: {
      threshold: config.threshold,
      windowMs: config.windowMs,
      durationMs: config.durationMs,
      ...options.pause,
    },
    disable: { periodMs: 100 * HOUR, warnAtPercent: [50, 75, 90] },
    recovery: { successesToRecover: 1 },
    flushIntervalMs: 3_600_000,
    sweepIntervalMs: config.sweepIntervalMs,
  };
  const bucket = new Map<string, StoredEndpointState>();
  let revision = 0;
  for (const state of options.states ?? []) {
    bucket.set(state.endpointId, { state, revision: ++revision });
  }
  const table = new Map((options.stored ?? []).map((r) => [r.endpointId, r]));
  const faults = { put: 0, publish: 0 };
  const alerts: { key: string; payload: AlertSignal; msgId: string }[] = [];
  const published: (AlertSignal | EndpointControl)[] = [];
  const disabled = new Set<string>();
  const runner = new PolicyRunner(settings, clock, {
    records: {
      all: () => Promise.resolve([...table.values()]),
      save: (record) => {
        table.set(record.endpointId, record);
        return Promise.resolve();
      },
      remove: (id) => {
        table.delete(id);
        return Promise.resolve();
      },
    },
    pauses: {
      put: (state) => {
        if (faults.put > 0 && faults.put--) return Promise.reject(new Error('NATS unavailable'));
        bucket.set(state.endpointId, { state, revision: ++revision });
        return Promise.resolve(revision);
      },
      list: () => Promise.resolve([...bucket.values()]),
      deleteIf: (id, expected) => {
        const ok = bucket.get(id)?.revision === expected;
        if (ok) bucket.delete(id);
        return Promise.resolve(ok);
      },
    },
    history: { since: () => Promise.resolve(options.history ?? []) },
    publisher: {
      publish: (_topic, key, payload, msgId) => {
        if (faults.publish > 0 && faults.publish--) {
          return Promise.reject(new Error('NATS unavailable'));
        }
        alerts.push({ key, payload: payload as AlertSignal, msgId: msgId });
        published.push(payload as AlertSignal | EndpointControl);
        return Promise.resolve({} as never);
      },
    },
    status: { isDisabled: (id) => disabled.has(id) },
  });
  running.push(runner);
  return { runner, clock, bucket, table, alerts, published, faults, disabled };
}

const running: PolicyRunner[] = [];
beforeAll(() => {
  Logger.overrideLogger(false);
});
afterEach(async () => {
  for (const runner of running.splice(0)) await runner.beforeApplicationShutdown();
});

const T0 = Date.parse('2026-11-22T10:00:00.000Z');

/** The pause tests: the runner as the pause policy sees it. */
function pauseSetup(
  options: { history?: RecentFailure[]; stored?: EndpointState[]; durationMs?: number } = {},
) {
  const {
    runner: service,
    clock,
    bucket,
    alerts,
    faults,
  } = setup({
    start: T0,
    history: options.history,
    states: options.stored,
    pause: { durationMs: options.durationMs ?? config.durationMs },
  });
  /** One newly stored failure of `ep_1`, stamped now. */
  const fail = (n = 1, endpointId = 'ep_1') =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        service.observe(
          anOutcome({
            attemptId: `att_${endpointId}_${clock.now()}_${i}`,
            endpointId,
            outcome: 'failure',
            reason: 'timeout',
            at: new Date(clock.now()).toISOString(),
          }),
          true,
        ),
      ),
    );
  return { service, clock, bucket, alerts, faults, fail };
}

/** Failures of the endpoint in the attempt log, `seconds` before `T0`. */
function loggedFailures(seconds: number[], endpointId: string, url: string): RecentFailure[] {
  return seconds.map((s) => ({ endpointId, tenantId: 'ten_1', url, at: T0 - s * 1_000 }));
}

const P0 = Date.parse('2026-11-20T10:00:00.000Z');

/**
 * The disable and recovery tests: started, a clock that stays at `P0`,
 * failures hours apart (the pause threshold is out of their reach).
 */
async function policiesSetup(stored: EndpointRecord[] = []) {
  const {
    runner: policies,
    table,
    published,
    faults,
    disabled,
  } = setup({
    start: P0,
    stored,
    pause: { threshold: 1_000 },
  });
  await policies.start();
  let n = 0;
  const at = (hours: number) => new Date(P0 + hours * HOUR).toISOString();
  const outcome = (
    outcome: 'success' | 'failure',
    hours: number,
    extra: Partial<AttemptOutcome> = {},
  ) =>
    anOutcome({
      attemptId: `att_${++n}`,
      outcome,
      reason: outcome === 'success' ? 'delivered' : 'http_status',
      statusCode: outcome === 'success' ? 200 : 503,
      error: outcome === 'success' ? null : 'HTTP 503',
      at: at(hours),
      ...extra,
    });
  const kinds = () =>
    published.map((p) => ('kind' in p ? p.kind : `command:${p.action}:${p.reason}`));
  return { policies, table, published, faults, disabled, outcome, kinds, at };
}

describe('PolicyRunner: the pause policy', () => {
  it('pauses on threshold + 1 failures: stores the state, then publishes one alert', async () => {
    const { service, bucket, alerts, fail } = pauseSetup();
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
    const { service, bucket } = pauseSetup();
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
    const { service, alerts, clock, fail } = pauseSetup();
    await service.start();
    await fail(20);
    clock.advance(29_000);
    await fail(20);
    expect(alerts).toHaveLength(1);
    expect(service.pausedUntil('ep_1')).toBe(T0 + 30_000);
  });

  it('keeps endpoints apart', async () => {
    const { service, bucket, fail } = pauseSetup();
    await service.start();
    await fail(3, 'ep_1');
    await fail(3, 'ep_2');
    expect(bucket.size).toBe(0);
  });

  it('ends the pause at until: the sweep deletes the key, and failures may pause again', async () => {
    const { service, bucket, alerts, clock, fail } = pauseSetup();
    await service.start();
    await fail(4);
    clock.advance(29_999);
    await service.sweep();
    expect(bucket.has('ep_1')).toBe(true);
    clock.advance(1);
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
    const { service, bucket, fail } = pauseSetup({ durationMs: 50 });
    await service.start();
    await fail(4);
    expect(bucket.has('ep_1')).toBe(true);
    await pollUntil(() => !bucket.has('ep_1'), {
      what: 'the pause key to be deleted',
      timeoutMs: 2_000,
    });
  });

  it('when storing the pause fails, rejects, and the next outcome of the endpoint retries it', async () => {
    const { service, bucket, alerts, faults, fail } = pauseSetup();
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
    const history = loggedFailures([1, 2], 'ep_1', 'u');
    const { service, bucket, fail } = pauseSetup({ history });
    await service.start();
    await fail(1);
    expect(bucket.size).toBe(0);
    await fail(1);
    expect(bucket.has('ep_1')).toBe(true);
  });

  it('pauses at start-up an endpoint the log shows already over the threshold', async () => {
    const history = loggedFailures([1, 2, 3, 4], 'ep_1', 'https://example.com/hook');
    const { service, bucket, alerts } = pauseSetup({ history });
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
    const history = loggedFailures([1, 2, 3, 4, 5], 'ep_live', 'u');
    const { service, bucket, alerts, fail } = pauseSetup({
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

describe('PolicyRunner: the disable and recovery policies', () => {
  it('warns at 50, 75 and 90 % of the period, then disables through the registry', async () => {
    const { policies, outcome, kinds, published, table } = await policiesSetup();
    for (const hours of [0, 10, 49, 50, 60, 75, 89, 90, 99]) {
      await policies.observe(outcome('failure', hours), true);
    }
    expect(kinds()).toEqual([
      'endpoint.disable_warning',
      'endpoint.disable_warning',
      'endpoint.disable_warning',
    ]);
    expect(published.map((p) => ('percent' in p ? p.percent : null))).toEqual([50, 75, 90]);
    const warning = published[0] as Extract<AlertSignal, { kind: 'endpoint.disable_warning' }>;
    expect(warning).toMatchObject({
      failingSince: '2026-11-20T10:00:00.000Z',
      disableAt: '2026-11-24T14:00:00.000Z',
      failures: 4,
      statusCode: 503,
      error: 'HTTP 503',
      alertId: alertIdFor('endpoint.disable_warning', 'ep_1', '2026-11-20T10:00:00.000Z', '50'),
    });

    await policies.observe(outcome('failure', 100), true);
    expect(kinds().slice(3)).toEqual(['command:disable:failing_persistently', 'endpoint.disabled']);
    const [command, disabled] = published.slice(3) as [EndpointControl, AlertSignal];
    expect(command).toEqual({
      commandId: 'ep_1:disable:2026-11-20T10:00:00.000Z',
      endpointId: 'ep_1',
      tenantId: 'ten_1',
      action: 'disable',
      reason: 'failing_persistently',
      statusCode: 503,
      at: '2026-11-24T14:00:00.000Z',
    });
    expect(disabled).toMatchObject({
      kind: 'endpoint.disabled',
      reason: 'failing_persistently',
      failingSince: '2026-11-20T10:00:00.000Z',
    });
    // Decisions are written as soon as they are published.
    expect(table.get('ep_1')).toMatchObject({
      failingSince: null,
      incidentKinds: ['endpoint.disable_warning', 'endpoint.disabled'],
    });
    // Failures of attempts in flight at the disable never start a new streak.
    await policies.observe(outcome('failure', 99.5), true);
    expect(policies.record('ep_1')?.failingSince).toBeNull();
  });

  it('re-arms the warnings when an attempt succeeds, and sends the resolved notice', async () => {
    const { policies, outcome, kinds, published } = await policiesSetup();
    await policies.observe(outcome('failure', 0), true);
    await policies.observe(outcome('failure', 51), true);
    await policies.observe(outcome('success', 52), true);
    expect(kinds()).toEqual(['endpoint.disable_warning', 'endpoint.recovered']);
    expect(published[1]).toMatchObject({
      kind: 'endpoint.recovered',
      resolves: ['endpoint.disable_warning'],
      incidentSince: '2026-11-22T13:00:00.000Z',
      failures: 0,
    });
    // A new streak starts from scratch: no warning before 50 % of it.
    await policies.observe(outcome('failure', 60), true);
    await policies.observe(outcome('failure', 100), true);
    expect(kinds()).toHaveLength(2);
    expect(policies.record('ep_1')?.failingSince).toBe(P0 + 60 * HOUR);
  });

  it('opens an incident for alerts raised elsewhere and resolves it at the next success', async () => {
    const { policies, outcome, kinds, table, published } = await policiesSetup();
    const paused: AlertSignal & { kind: 'endpoint.paused' } = {
      kind: 'endpoint.paused',
      alertId: 'alr_pa_1',
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      failures: 101,
      windowMs: 600_000,
      until: new Date(P0 + 600_000).toISOString(),
      occurredAt: new Date(P0).toISOString(),
    };
    await policies.raised(paused);
    expect(table.get('ep_1')?.incidentKinds).toEqual(['endpoint.paused']);
    await policies.observe(outcome('failure', 0.1), true);
    await policies.observe(outcome('success', 0.2), true);
    expect(kinds()).toEqual(['endpoint.recovered']);
    expect(published[0]).toMatchObject({ failures: 1, resolves: ['endpoint.paused'] });
    expect(table.has('ep_1')).toBe(false);
  });

  it('keeps a decision whose publish failed and publishes it with the next outcome', async () => {
    const { policies, outcome, kinds, faults } = await policiesSetup();
    await policies.observe(outcome('failure', 0), true);
    faults.publish = 1;
    const failed = outcome('failure', 50);
    await expect(policies.observe(failed, true)).rejects.toThrow('NATS unavailable');
    expect(kinds()).toEqual([]);
    await policies.observe(failed, false); // the redelivery
    expect(kinds()).toEqual(['endpoint.disable_warning']);
  });

  it('picks up where it left off after a restart, from the stored records', async () => {
    const first = await policiesSetup();
    await first.policies.observe(first.outcome('failure', 0), true);
    await first.policies.observe(first.outcome('failure', 10), true);
    await first.policies.flush();
    const stored = [...first.table.values()];
    expect(stored).toHaveLength(1);
    const second = await policiesSetup(stored);
    await second.policies.observe(second.outcome('failure', 50), true);
    expect(second.kinds()).toEqual(['endpoint.disable_warning']);
  });

  it('ends the streak when the endpoint is disabled by anyone', async () => {
    const { policies, outcome, disabled } = await policiesSetup();
    await policies.observe(outcome('failure', 0), true);
    disabled.add('ep_1');
    await policies.flush();
    expect(policies.record('ep_1')).toBeUndefined();
    disabled.delete('ep_1');
    await policies.observe(outcome('failure', 60), true);
    expect(policies.record('ep_1')?.failingSince).toBe(P0 + 60 * HOUR);
  });
});
