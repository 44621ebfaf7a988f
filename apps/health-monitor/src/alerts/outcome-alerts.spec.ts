import { describe, expect, it } from '@jest/globals';
import { aFinalFailure, aGoneOutcome, anOutcome } from '../attempts/fixtures.js';
import { alertsFor } from './outcome-alerts.js';

describe('alertsFor', () => {
  it('raises exactly one alert per alerting outcome, and none otherwise', () => {
    expect(alertsFor(anOutcome())).toEqual([]);
    expect(alertsFor(aFinalFailure({ final: false }))).toEqual([]);
    expect(alertsFor(aFinalFailure()).map((a) => a.kind)).toEqual(['delivery.exhausted']);
    expect(alertsFor(aGoneOutcome()).map((a) => a.kind)).toEqual(['endpoint.disabled']);
  });
});
