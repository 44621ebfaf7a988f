import { describe, expect, it } from '@jest/globals';
import { alertSignalSchema } from '@herald/contracts';
import { aFinalFailure, aGoneOutcome, anOutcome } from '../testing/outcomes.js';
import { alertIdFor } from './alert-id.js';
import { disabledAlertFor } from './disabled-alert.js';
import { exhaustedAlertFor } from './exhausted-alert.js';
import { pausedAlertFor, type PausedAlertInput } from './paused-alert.js';

/** The endpoint every signal below is about, as alerts show it. */
const endpoint = {
  tenantId: 'ten_1',
  endpointId: 'ep_1',
  endpointUrl: 'https://example.com/hook',
};

/** The signal passes the alert contract. */
function expectValid(signal: unknown): void {
  expect(alertSignalSchema.safeParse(signal).success).toBe(true);
}

describe('disabledAlertFor', () => {
  it('maps a 410 outcome to a valid endpoint.disabled signal', () => {
    const signal = disabledAlertFor(aGoneOutcome());
    expect(signal).toEqual({
      kind: 'endpoint.disabled',
      alertId: alertIdFor('endpoint.disabled', 'att_1', 'ep_1'),
      ...endpoint,
      reason: 'endpoint_gone',
      statusCode: 410,
      failingSince: null,
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expectValid(signal);
  });

  it('keeps one id per attempt: a redelivery repeats it, another 410 gets its own', () => {
    const first = disabledAlertFor(aGoneOutcome())?.alertId;
    expect(disabledAlertFor(aGoneOutcome({ at: 'later' }))?.alertId).toBe(first);
    expect(disabledAlertFor(aGoneOutcome({ attemptId: 'att_2' }))?.alertId).not.toBe(first);
  });

  it('raises nothing for any other outcome', () => {
    expect(disabledAlertFor(anOutcome())).toBeNull();
    expect(disabledAlertFor(aFinalFailure({ statusCode: 410 }))).toBeNull();
  });
});

describe('exhaustedAlertFor', () => {
  it('maps a final failure to a valid delivery.exhausted signal', () => {
    const signal = exhaustedAlertFor(aFinalFailure());
    expect(signal).toEqual({
      kind: 'delivery.exhausted',
      alertId: alertIdFor('delivery.exhausted', 'msg_1', 'ep_1'),
      ...endpoint,
      messageId: 'msg_1',
      eventType: 'invoice.paid',
      attempts: 5,
      statusCode: 503,
      error: 'HTTP 503',
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expectValid(signal);
  });

  it('keeps the same id whichever attempt row reports the exhaustion', () => {
    const a = exhaustedAlertFor(aFinalFailure({ attemptId: 'att_a', attempt: 5 }));
    const b = exhaustedAlertFor(aFinalFailure({ attemptId: 'att_b', attempt: 6, at: 'later' }));
    expect(a?.alertId).toBe(b?.alertId);
  });

  it('raises nothing for a success or a failure that will be retried', () => {
    expect(exhaustedAlertFor(anOutcome())).toBeNull();
    expect(exhaustedAlertFor(aFinalFailure({ final: false }))).toBeNull();
  });

  it('raises nothing for a 410: that is endpoint.disabled, not an exhausted schedule', () => {
    expect(exhaustedAlertFor(aGoneOutcome({ final: true }))).toBeNull();
  });
});

const input: PausedAlertInput = {
  ...endpoint,
  failures: 101,
  windowMs: 600_000,
  until: '2026-11-22T10:10:00.000Z',
  at: '2026-11-22T10:00:00.000Z',
};

describe('pausedAlertFor', () => {
  it('maps a pause to a valid endpoint.paused signal keyed by endpoint and end', () => {
    const signal = pausedAlertFor(input);
    expect(signal).toEqual({
      kind: 'endpoint.paused',
      alertId: alertIdFor('endpoint.paused', 'ep_1', '2026-11-22T10:10:00.000Z'),
      ...endpoint,
      failures: 101,
      windowMs: 600_000,
      until: '2026-11-22T10:10:00.000Z',
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expectValid(signal);
  });

  it('gives a later pause of the same endpoint a new id', () => {
    const later = pausedAlertFor({ ...input, until: '2026-11-22T11:10:00.000Z' });
    expect(later.alertId).not.toBe(pausedAlertFor(input).alertId);
  });
});
