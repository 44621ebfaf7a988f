import { describe, expect, it } from '@jest/globals';
import { alertSignalSchema } from '@herald/contracts';
import { alertIdFor } from './alert-id.js';
import { pausedAlertFor, type PausedAlertInput } from './paused-alert.js';

const input: PausedAlertInput = {
  tenantId: 'ten_1',
  endpointId: 'ep_1',
  endpointUrl: 'https://example.com/hook',
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
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      failures: 101,
      windowMs: 600_000,
      until: '2026-11-22T10:10:00.000Z',
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expect(alertSignalSchema.safeParse(signal).success).toBe(true);
  });

  it('gives a later pause of the same endpoint a new id', () => {
    const later = pausedAlertFor({ ...input, until: '2026-11-22T11:10:00.000Z' });
    expect(later.alertId).not.toBe(pausedAlertFor(input).alertId);
  });
});
