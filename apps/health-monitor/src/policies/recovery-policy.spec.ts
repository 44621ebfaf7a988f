import { describe, expect, it } from '@jest/globals';
import { emptyRecord } from './endpoint-record.js';
import { observeForRecovery, openIncident } from './recovery-policy.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const fresh = () => emptyRecord('ep_1', 'ten_1', 'https://example.com/hook');
const one = { successesToRecover: 1 };

describe('incidents and recovery', () => {
  it('opens an incident with the first alert and collects the kinds raised', () => {
    let record = openIncident(fresh(), 'delivery.failing', T0);
    record = openIncident(record, 'endpoint.paused', T0 + 5);
    record = openIncident(record, 'delivery.failing', T0 + 9);
    expect(record).toMatchObject({
      incidentSince: T0,
      incidentKinds: ['delivery.failing', 'endpoint.paused'],
    });
    const same = openIncident(record, 'endpoint.paused', T0 + 10);
    expect(same).toBe(record);
  });

  it('never opens an incident for a recovery or a test', () => {
    expect(openIncident(fresh(), 'endpoint.recovered', T0).incidentSince).toBeNull();
    expect(openIncident(fresh(), 'test', T0).incidentSince).toBeNull();
  });

  it('recovers with the first success after the incident opened, resolving its kinds', () => {
    let record = openIncident(fresh(), 'endpoint.paused', T0);
    record = observeForRecovery(record, { outcome: 'failure', at: T0 + 1 }, true, one).record;
    record = observeForRecovery(record, { outcome: 'failure', at: T0 + 2 }, true, one).record;
    // A success that happened before the incident opened (a late outcome) does not count.
    expect(observeForRecovery(record, { outcome: 'success', at: T0 - 1 }, true, one).action).toBe(
      'none',
    );
    const decision = observeForRecovery(record, { outcome: 'success', at: T0 + 3 }, true, one);
    expect(decision).toMatchObject({
      action: 'recover',
      resolves: ['endpoint.paused'],
      incidentSince: T0,
      failures: 2,
    });
    expect(decision.record).toMatchObject({ incidentSince: null, incidentKinds: [] });
  });

  it('needs N successes in a row when so configured; a failure starts the count again', () => {
    const three = { successesToRecover: 3 };
    let record = openIncident(fresh(), 'delivery.exhausted', T0);
    const step = (outcome: 'success' | 'failure', at: number) => {
      const decision = observeForRecovery(record, { outcome, at }, true, three);
      record = decision.record;
      return decision.action;
    };
    expect([step('success', T0 + 1), step('success', T0 + 2), step('failure', T0 + 3)]).toEqual([
      'none',
      'none',
      'none',
    ]);
    expect([step('success', T0 + 4), step('success', T0 + 5), step('success', T0 + 6)]).toEqual([
      'none',
      'none',
      'recover',
    ]);
  });

  it('does nothing without an open incident, and never counts a redelivered outcome', () => {
    expect(observeForRecovery(fresh(), { outcome: 'success', at: T0 }, true, one).action).toBe(
      'none',
    );
    const open = openIncident(fresh(), 'endpoint.paused', T0);
    expect(observeForRecovery(open, { outcome: 'success', at: T0 + 1 }, false, one).action).toBe(
      'none',
    );
  });
});
