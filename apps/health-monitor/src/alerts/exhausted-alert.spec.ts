import { describe, expect, it } from '@jest/globals';
import { alertSignalSchema } from '@herald/contracts';
import { aFinalFailure, aGoneOutcome, anOutcome } from '../testing/outcomes.js';
import { alertIdFor } from './alert-id.js';
import { exhaustedAlertFor } from './exhausted-alert.js';

describe('exhaustedAlertFor', () => {
  it('maps a final failure to a valid delivery.exhausted signal', () => {
    const signal = exhaustedAlertFor(aFinalFailure());
    expect(signal).toEqual({
      kind: 'delivery.exhausted',
      alertId: alertIdFor('delivery.exhausted', 'msg_1', 'ep_1'),
      tenantId: 'ten_1',
      endpointId: 'ep_1',
      endpointUrl: 'https://example.com/hook',
      messageId: 'msg_1',
      eventType: 'invoice.paid',
      attempts: 5,
      statusCode: 503,
      error: 'HTTP 503',
      occurredAt: '2026-11-22T10:00:00.000Z',
    });
    expect(alertSignalSchema.safeParse(signal).success).toBe(true);
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
