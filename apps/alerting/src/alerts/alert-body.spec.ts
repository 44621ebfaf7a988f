import { describe, expect, it } from '@jest/globals';
import { ALERT_KINDS, type AlertSignal } from '@herald/contracts';
import { alertBody } from './alert-body.js';
import { aSignal } from '../unit-fixtures.js';

const plain = { apiBaseUrl: null, suppressedBefore: 0, suppressionWindowMs: 600_000 };

describe('alertBody', () => {
  it('puts the envelope at the top, the kind’s fields under data, and links to the message’s attempts', () => {
    expect(
      alertBody(aSignal('delivery.exhausted', '0123'), {
        ...plain,
        apiBaseUrl: 'https://herald.example.com/',
      }),
    ).toEqual({
      id: 'alr_ex_0123',
      kind: 'delivery.exhausted',
      status: 'firing',
      tenantId: 'ten_1',
      occurredAt: '2026-11-22T10:00:00.000Z',
      data: {
        endpointId: 'ep_1',
        endpointUrl: 'https://example.com/hook',
        messageId: 'msg_0123',
        eventType: 'invoice.paid',
        attempts: 8,
        statusCode: 503,
        error: 'HTTP 503',
      },
      links: {
        health: 'https://herald.example.com/v1/endpoints/ep_1/health',
        attempts: 'https://herald.example.com/v1/endpoints/ep_1/attempts?messageId=msg_0123',
      },
    });
  });

  it('marks a recovery as resolved and a test as test, with paths when no base URL is set', () => {
    const recovered = alertBody(aSignal('endpoint.recovered'), plain);
    expect(recovered.status).toBe('resolved');
    expect(recovered.links).toEqual({
      health: '/v1/endpoints/ep_1/health',
      attempts: '/v1/endpoints/ep_1/attempts',
    });
    const test = alertBody(aSignal('test'), plain);
    expect(test).toMatchObject({ status: 'test', links: {} });
  });

  it('says how many alerts the suppression window held back before this one', () => {
    const body = alertBody(aSignal('endpoint.paused'), { ...plain, suppressedBefore: 12 });
    expect(body.suppressed).toEqual({ count: 12, windowSeconds: 600 });
    expect(alertBody(aSignal('endpoint.paused'), plain)).not.toHaveProperty('suppressed');
  });

  it.each(ALERT_KINDS)('%s: loses no field of the signal and adds none to data', (kind) => {
    const signal: AlertSignal = aSignal(kind);
    const body = alertBody(signal, plain);
    const { alertId, kind: k, tenantId, occurredAt, ...data } = signal;
    expect(body).toMatchObject({ id: alertId, kind: k, tenantId, occurredAt });
    expect(body.data).toEqual(data);
  });
});
