import { describe, expect, it } from '@jest/globals';
import { alertSignalSchema } from '@herald/contracts';
import { aFinalFailure, aGoneOutcome, anOutcome } from '../testing/outcomes.js';
import { alertIdFor } from './alert-id.js';
import { disabledAlertFor } from './disabled-alert.js';

describe('disabledAlertFor', () => {
  it('maps a 410 outcome to a valid endpoint.disabled signal', () => {
    const signal = disabledAlertFor(aGoneOutcome());
    expect(signal).toEqual({
      kind: 'endpoint.disabled',
      alertId: alertIdFor('endpoint.disabled', 'att_1', 'ep_1'),
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      reason: 'endpoint_gone',
      statusCode: 410,
      failingSince: null,
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expect(alertSignalSchema.safeParse(signal).success).toBe(true);
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
