import { describe, expect, it } from '@jest/globals';
import { alertSignalSchema } from '@herald/contracts';
import { aFinalFailure, aGoneOutcome, anOutcome } from '../testing/outcomes.js';
import { alertIdFor } from './alert-id.js';
import { alertsFor } from './outcome-alerts.js';

const settings = { failingAfterAttempts: 3 };

describe('alertsFor', () => {
  it('raises exactly one alert per alerting outcome, and none otherwise', () => {
    expect(alertsFor(anOutcome(), settings)).toEqual([]);
    expect(alertsFor(aFinalFailure({ final: false }), settings)).toEqual([]);
    expect(alertsFor(aFinalFailure(), settings).map((a) => a.kind)).toEqual(['delivery.exhausted']);
    expect(alertsFor(aGoneOutcome(), settings).map((a) => a.kind)).toEqual(['endpoint.disabled']);
  });

  it('raises delivery.failing when attempt N fails and another follows — only at N', () => {
    const failed = (attempt: number) =>
      aFinalFailure({
        attemptId: `msg_1:ep_1:${attempt}`,
        attempt,
        final: false,
        nextAttemptAt: '2026-11-22T10:30:00.000Z',
      });
    expect(alertsFor(failed(2), settings)).toEqual([]);
    expect(alertsFor(failed(4), settings)).toEqual([]);
    const [signal, ...more] = alertsFor(failed(3), settings);
    expect(more).toEqual([]);
    expect(signal).toEqual({
      kind: 'delivery.failing',
      alertId: alertIdFor('delivery.failing', 'msg_1:ep_1:3', 'ep_1'),
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      messageId: 'msg_1',
      eventType: 'invoice.paid',
      attempts: 3,
      statusCode: 503,
      reason: 'http_status',
      error: 'HTTP 503',
      nextAttemptAt: '2026-11-22T10:30:00.000Z',
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expect(alertSignalSchema.parse(signal)).toEqual(signal);
    // A final failure at N is an exhaustion, not a failing delivery.
    expect(alertsFor(aFinalFailure({ attempt: 3 }), settings).map((a) => a.kind)).toEqual([
      'delivery.exhausted',
    ]);
  });

  it('never shows query values or credentials of the endpoint URL', () => {
    const url = 'https://user:pw@example.com/hook?api_key=s3cret';
    for (const signal of [
      ...alertsFor(aFinalFailure({ url }), settings),
      ...alertsFor(aGoneOutcome({ url }), settings),
      ...alertsFor(aFinalFailure({ url, attempt: 3, final: false }), settings),
    ]) {
      expect(JSON.stringify(signal)).not.toMatch(/s3cret|user|pw@/);
      expect(signal).toMatchObject({ endpointUrl: 'https://example.com/hook?api_key=redacted' });
    }
  });
});
