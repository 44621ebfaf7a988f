import { describe, expect, it } from '@jest/globals';
import type { AlertSignal } from '@herald/contracts';
import { alertBody } from './alert-body.js';
import { ALERT_KINDS, aSignal } from './fixtures.js';

describe('alertBody', () => {
  it('puts the envelope at the top and every other field under data', () => {
    expect(alertBody(aSignal('delivery.exhausted', '0123'))).toEqual({
      id: 'alr_ex_0123',
      kind: 'delivery.exhausted',
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
    });
  });

  it('carries an endpoint.disabled signal unchanged', () => {
    expect(alertBody(aSignal('endpoint.disabled', '0123'))).toEqual({
      id: 'alr_di_0123',
      kind: 'endpoint.disabled',
      tenantId: 'ten_1',
      occurredAt: '2026-11-22T10:00:00.000Z',
      data: {
        endpointId: 'ep_1',
        endpointUrl: 'https://example.com/hook',
        reason: 'endpoint_gone',
        statusCode: 410,
      },
    });
  });

  it('carries an endpoint.paused signal unchanged', () => {
    expect(alertBody(aSignal('endpoint.paused', '0123'))).toEqual({
      id: 'alr_pa_0123',
      kind: 'endpoint.paused',
      tenantId: 'ten_1',
      occurredAt: '2026-11-22T10:00:00.000Z',
      data: {
        endpointId: 'ep_1',
        endpointUrl: 'https://example.com/hook',
        failures: 101,
        windowMs: 600_000,
        until: '2026-11-22T10:10:00.000Z',
      },
    });
  });

  it.each(ALERT_KINDS)('%s: loses no field of the signal and adds none', (kind) => {
    const signal: AlertSignal = aSignal(kind);
    const body = alertBody(signal);
    const fields = [...Object.keys(body.data), 'alertId', 'kind', 'tenantId', 'occurredAt'];
    expect(fields.sort()).toEqual(Object.keys(signal).sort());
    const { alertId, kind: k, tenantId, occurredAt, ...data } = signal;
    expect(body).toEqual({ id: alertId, kind: k, tenantId, occurredAt, data });
  });
});
