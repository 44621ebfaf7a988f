import { afterEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { AlertSignal, AttemptOutcome, EndpointControl } from '@herald/contracts';
import { alertIdFor } from '../alerts/alert-id.js';
import { anOutcome } from '../attempts/fixtures.js';
import type { EndpointRecord } from './endpoint-record.js';
import { EndpointPolicies } from './endpoint-policies.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const settings = {
  disable: { periodMs: 100 * HOUR, warnAtPercent: [50, 75, 90] },
  recovery: { successesToRecover: 1 },
  flushIntervalMs: 3_600_000,
};

Logger.overrideLogger(false);
const running: EndpointPolicies[] = [];
afterEach(async () => {
  for (const policies of running.splice(0)) await policies.beforeApplicationShutdown();
});

/** The policies over an in-memory table and a recording publisher that can be told to fail. */
async function setup(stored: EndpointRecord[] = []) {
  const table = new Map(stored.map((r) => [r.endpointId, r]));
  const published: (AlertSignal | EndpointControl)[] = [];
  const faults = { publish: 0 };
  const disabled = new Set<string>();
  const policies = new EndpointPolicies(
    settings,
    { now: () => T0 },
    {
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
    {
      publish: (_topic, _key, payload) => {
        if (faults.publish > 0 && faults.publish--) {
          return Promise.reject(new Error('NATS unavailable'));
        }
        published.push(payload as AlertSignal | EndpointControl);
        return Promise.resolve({} as never);
      },
    },
    { isDisabled: (id) => disabled.has(id) },
  );
  await policies.start();
  running.push(policies);
  let n = 0;
  const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
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

describe('EndpointPolicies', () => {
  it('warns at 50, 75 and 90 % of the period, then disables through the registry', async () => {
    const { policies, outcome, kinds, published, table } = await setup();
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
    const { policies, outcome, kinds, published } = await setup();
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
    expect(policies.record('ep_1')?.failingSince).toBe(T0 + 60 * HOUR);
  });

  it('opens an incident for alerts raised elsewhere and resolves it at the next success', async () => {
    const { policies, outcome, kinds, table, published } = await setup();
    const paused: AlertSignal & { kind: 'endpoint.paused' } = {
      kind: 'endpoint.paused',
      alertId: 'alr_pa_1',
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      failures: 101,
      windowMs: 600_000,
      until: new Date(T0 + 600_000).toISOString(),
      occurredAt: new Date(T0).toISOString(),
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
    const { policies, outcome, kinds, faults } = await setup();
    await policies.observe(outcome('failure', 0), true);
    faults.publish = 1;
    const failed = outcome('failure', 50);
    await expect(policies.observe(failed, true)).rejects.toThrow('NATS unavailable');
    expect(kinds()).toEqual([]);
    await policies.observe(failed, false); // the redelivery
    expect(kinds()).toEqual(['endpoint.disable_warning']);
  });

  it('picks up where it left off after a restart, from the stored records', async () => {
    const first = await setup();
    await first.policies.observe(first.outcome('failure', 0), true);
    await first.policies.observe(first.outcome('failure', 10), true);
    await first.policies.flush();
    const stored = [...first.table.values()];
    expect(stored).toHaveLength(1);
    const second = await setup(stored);
    await second.policies.observe(second.outcome('failure', 50), true);
    expect(second.kinds()).toEqual(['endpoint.disable_warning']);
  });

  it('ends the streak when the endpoint is disabled by anyone', async () => {
    const { policies, outcome, disabled } = await setup();
    await policies.observe(outcome('failure', 0), true);
    disabled.add('ep_1');
    await policies.flush();
    expect(policies.record('ep_1')).toBeUndefined();
    disabled.delete('ep_1');
    await policies.observe(outcome('failure', 60), true);
    expect(policies.record('ep_1')?.failingSince).toBe(T0 + 60 * HOUR);
  });
});
