import { describe, expect, it } from '@jest/globals';
import type { AlertSignal, AttemptOutcome, EndpointAlertSignal } from '@herald/contracts';
import type { PolicySettings } from '../settings.js';
import { anOutcome } from '../testing/outcomes.js';
import { emptyRecord, type EndpointRecord } from './endpoint-record.js';
import {
  considerPause,
  evaluate,
  raise,
  type EndpointHealthRecord,
  type Observation,
  type PolicyAction,
} from './evaluate.js';
import { EMPTY_WINDOW, resetWindow } from './failure-window.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const iso = (epoch: number) => new Date(epoch).toISOString();

const settings: PolicySettings = {
  pause: { threshold: 3, windowMs: 60_000, durationMs: 30_000 },
  disable: { periodMs: 100 * HOUR, warnAtPercent: [50, 75, 90] },
  recovery: { successesToRecover: 1 },
};

const nothing: EndpointHealthRecord = { policy: null, failures: EMPTY_WINDOW, pausedUntil: null };

function failure(at: number, extra: Partial<AttemptOutcome> = {}): AttemptOutcome {
  return anOutcome({
    attemptId: `att_${at}`,
    outcome: 'failure',
    reason: 'http_status',
    statusCode: 503,
    error: 'HTTP 503',
    at: iso(at),
    ...extra,
  });
}

const success = (at: number) => anOutcome({ attemptId: `att_${at}`, at: iso(at) });

const observe = (attempt: AttemptOutcome, extra: Partial<Observation> = {}): Observation => ({
  attempt,
  counted: true,
  endpointDisabled: false,
  ...extra,
});

/** A streak from `since` to `last` (epoch ms), with `failures` counted and no warning yet. */
function streak(since: number, last: number, extra: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    ...emptyRecord('ep_1', 'ten_1', 'https://example.com/hook'),
    failingSince: since,
    lastFailureAt: last,
    streakFailures: 2,
    lastStatusCode: 503,
    lastError: 'HTTP 503',
    ...extra,
  };
}

/** Applies the outcomes in turn, at `now`, and gathers every action. */
function run(record: EndpointHealthRecord, observations: Observation[], now = T0) {
  const actions: PolicyAction[] = [];
  let current = record;
  for (const observation of observations) {
    const next = evaluate(current, observation, settings, now);
    actions.push(...next.actions);
    current = next.record;
  }
  return { record: current, actions };
}

const kinds = (actions: PolicyAction[]) =>
  actions.map((a) => (a.type === 'alert' ? a.alert.kind : a.type));

/** Freezes the record all the way down: evaluate must never change what it is given. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

describe('evaluate: the streak', () => {
  const cases: {
    name: string;
    record: EndpointHealthRecord;
    observation: Observation;
    policy: Partial<EndpointRecord> | null;
  }[] = [
    {
      name: 'a success of an endpoint with no record keeps none',
      record: nothing,
      observation: observe(success(T0)),
      policy: null,
    },
    {
      name: 'a first failure starts a streak',
      record: nothing,
      observation: observe(failure(T0)),
      policy: { failingSince: T0, lastFailureAt: T0, streakFailures: 1, lastStatusCode: 503 },
    },
    {
      name: 'a redelivered failure moves the streak but counts nothing',
      record: nothing,
      observation: observe(failure(T0), { counted: false }),
      policy: { failingSince: T0, streakFailures: 0 },
    },
    {
      name: 'a success ends the streak',
      record: { ...nothing, policy: streak(T0, T0 + HOUR) },
      observation: observe(success(T0 + 2 * HOUR)),
      policy: { failingSince: null, streakFailures: 0, lastSuccessAt: T0 + 2 * HOUR },
    },
    {
      name: 'a failure of an endpoint the registry holds disabled ends the streak',
      record: { ...nothing, policy: streak(T0, T0 + HOUR) },
      observation: observe(failure(T0 + 2 * HOUR), { endpointDisabled: true }),
      policy: { failingSince: null, lastFailureAt: null, streakFailures: 0 },
    },
    {
      name: 'a failure of a disabled endpoint with no record keeps none',
      record: nothing,
      observation: observe(failure(T0), { endpointDisabled: true }),
      policy: null,
    },
  ];
  it.each(cases)('$name', ({ record, observation, policy }) => {
    const result = evaluate(frozen(record), observation, settings, T0);
    expect(result.actions).toEqual([]);
    if (policy === null) expect(result.record.policy).toBeNull();
    else expect(result.record.policy).toMatchObject(policy);
  });
});

describe('evaluate: disable and recovery', () => {
  it.each([
    { hours: 49, warned: 0, percent: null },
    { hours: 50, warned: 0, percent: 50 },
    { hours: 80, warned: 0, percent: 75 },
    { hours: 80, warned: 75, percent: null },
    { hours: 95, warned: 75, percent: 90 },
  ])(
    '$hours h into a streak warned at $warned %: warns at $percent % (null: none)',
    ({ hours, warned, percent }) => {
      const record = { ...nothing, policy: streak(T0, T0 + HOUR, { warnedPercent: warned }) };
      const at = T0 + hours * HOUR;
      const { record: next, actions } = evaluate(
        frozen(record),
        observe(failure(at)),
        settings,
        at,
      );
      if (percent === null) {
        expect(actions).toEqual([]);
        expect(next.policy?.warnedPercent).toBe(warned);
        return;
      }
      expect(actions).toEqual([
        {
          type: 'alert',
          alert: expect.objectContaining({
            kind: 'endpoint.disable_warning',
            percent,
            failingSince: iso(T0),
            disableAt: iso(T0 + 100 * HOUR),
          }),
        },
      ]);
      expect(next.policy).toMatchObject({
        warnedPercent: percent,
        incidentSince: at,
        incidentKinds: ['endpoint.disable_warning'],
      });
    },
  );

  it('disables at the end of the period: the command first, then the alert; the streak ends', () => {
    const record = { ...nothing, policy: streak(T0, T0 + HOUR, { warnedPercent: 90 }) };
    const at = T0 + 100 * HOUR;
    const now = at + 5_000;
    const { record: next, actions } = evaluate(frozen(record), observe(failure(at)), settings, now);
    expect(actions).toEqual([
      {
        type: 'control',
        command: {
          commandId: `ep_1:disable:${iso(T0)}`,
          endpointId: 'ep_1',
          tenantId: 'ten_1',
          action: 'disable',
          reason: 'failing_persistently',
          statusCode: 503,
          at: iso(at),
        },
      },
      {
        type: 'alert',
        alert: expect.objectContaining({
          kind: 'endpoint.disabled',
          reason: 'failing_persistently',
          failingSince: iso(T0),
        }),
      },
    ]);
    expect(next.policy).toMatchObject({
      failingSince: null,
      warnedPercent: 0,
      disabledAt: now,
      incidentKinds: ['endpoint.disabled'],
    });
  });

  it('closes the open incident at the next success, naming what it resolves', () => {
    const policy = streak(T0, T0 + HOUR, {
      incidentSince: T0,
      incidentKinds: ['endpoint.paused', 'delivery.exhausted'],
      incidentFailures: 7,
    });
    const at = T0 + 2 * HOUR;
    const { record: next, actions } = evaluate(
      frozen({ ...nothing, policy }),
      observe(success(at)),
      settings,
      at,
    );
    expect(actions).toEqual([
      {
        type: 'alert',
        alert: expect.objectContaining({
          kind: 'endpoint.recovered',
          resolves: ['endpoint.paused', 'delivery.exhausted'],
          incidentSince: iso(T0),
          failures: 7,
        }),
      },
    ]);
    expect(next.policy).toMatchObject({ incidentSince: null, incidentKinds: [] });
  });

  it('does not close an incident on a success older than the incident', () => {
    const policy = streak(T0, T0 + HOUR, {
      incidentSince: T0 + HOUR,
      incidentKinds: ['endpoint.paused'],
    });
    const { actions } = evaluate({ ...nothing, policy }, observe(success(T0 + 1)), settings, T0);
    expect(actions).toEqual([]);
  });
});

describe('evaluate: the pause', () => {
  const failures = (n: number, extra: Partial<Observation> = {}) =>
    Array.from({ length: n }, (_, i) => observe(failure(T0 - i), extra));

  it('pauses on threshold + 1 counted failures: stores the state, then alerts; the window starts again', () => {
    const { record, actions } = run(nothing, failures(4));
    expect(actions).toHaveLength(1);
    const [pause] = actions;
    expect(pause).toEqual({
      type: 'pause',
      until: T0 + 30_000,
      state: {
        endpointId: 'ep_1',
        tenantId: 'ten_1',
        state: 'paused',
        until: iso(T0 + 30_000),
        reason: 'more than 3 failures in 1m',
        at: iso(T0),
      },
      alert: expect.objectContaining({ kind: 'endpoint.paused', failures: 4, windowMs: 60_000 }),
    });
    expect(record.pausedUntil).toBe(T0 + 30_000);
    expect(record.failures).toEqual(resetWindow(T0));
    expect(record.policy).toMatchObject({ incidentSince: T0, incidentKinds: ['endpoint.paused'] });
  });

  it.each([
    { name: 'threshold failures', observations: failures(3) },
    { name: 'redelivered failures', observations: failures(10, { counted: false }) },
  ])('never pauses on $name', ({ observations }) => {
    const { record, actions } = run(nothing, observations);
    expect(actions).toEqual([]);
    expect(record.pausedUntil).toBeNull();
  });

  it('counts the failures of a disabled endpoint, and never pauses one already paused', () => {
    expect(kinds(run(nothing, failures(4, { endpointDisabled: true })).actions)).toEqual(['pause']);
    const paused = { ...nothing, pausedUntil: T0 + 1 };
    expect(run(paused, failures(10)).actions).toEqual([]);
  });

  it('a failure that disables and pauses: disable first, then the pause; one incident holds both', () => {
    const policy = streak(T0 - 100 * HOUR, T0 - HOUR, { warnedPercent: 90 });
    const record = {
      ...nothing,
      policy,
      failures: { at: [T0 - 3, T0 - 2, T0 - 1], since: -Infinity },
    };
    const { record: next, actions } = evaluate(frozen(record), observe(failure(T0)), settings, T0);
    expect(kinds(actions)).toEqual(['control', 'endpoint.disabled', 'pause']);
    expect(next.policy?.incidentKinds).toEqual(['endpoint.disabled', 'endpoint.paused']);
  });
});

describe('considerPause and raise', () => {
  it('pauses at once an endpoint the rebuilt window shows over the threshold', () => {
    const record = {
      ...nothing,
      failures: { at: [T0 - 4, T0 - 3, T0 - 2, T0 - 1], since: -Infinity },
    };
    const target = { endpointId: 'ep_1', tenantId: 'ten_1', url: 'https://example.com/hook' };
    expect(kinds(considerPause(record, target, settings.pause, T0).actions)).toEqual(['pause']);
    const under = { ...record, failures: { at: [T0 - 1], since: -Infinity } };
    expect(considerPause(under, target, settings.pause, T0)).toEqual({
      record: under,
      actions: [],
    });
  });

  it('opens an incident for an alert about the endpoint, and keeps no record for any other', () => {
    const exhausted = {
      kind: 'delivery.exhausted',
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      occurredAt: iso(T0),
    } as EndpointAlertSignal;
    expect(raise(nothing, exhausted).policy).toMatchObject({
      incidentSince: T0,
      incidentKinds: ['delivery.exhausted'],
    });
    const recovered = {
      ...exhausted,
      kind: 'endpoint.recovered',
    } as AlertSignal as EndpointAlertSignal;
    expect(raise(nothing, recovered)).toBe(nothing);
  });
});
