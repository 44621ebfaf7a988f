import { describe, expect, it } from '@jest/globals';
import { emptyRecord, type EndpointRecord } from './endpoint-record.js';
import { applyAttempt, type StreakAttempt } from './streak.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const attempt = (outcome: 'success' | 'failure', sec: number): StreakAttempt => ({
  outcome,
  at: new Date(T0 + sec * 1_000).toISOString(),
  statusCode: outcome === 'success' ? 200 : 503,
  error: outcome === 'success' ? null : `HTTP 503 at ${sec}`,
  url: 'https://example.com/hook',
});
const run = (
  steps: [StreakAttempt, boolean][],
  start: EndpointRecord = emptyRecord('ep_1', 'ten_1', 'u'),
) => steps.reduce((record, [a, counted]) => applyAttempt(record, a, counted), start);

describe('applyAttempt (failure streak)', () => {
  it('starts at the first failure and extends with each one', () => {
    const record = run([
      [attempt('failure', 10), true],
      [attempt('failure', 20), true],
      [attempt('failure', 15), true], // out of order: inside the streak
    ]);
    expect(record).toMatchObject({
      failingSince: T0 + 10_000,
      lastFailureAt: T0 + 20_000,
      streakFailures: 3,
      lastStatusCode: 503,
      lastError: 'HTTP 503 at 20',
    });
  });

  it('ends with a success, which also re-arms the warnings', () => {
    const failing = { ...run([[attempt('failure', 10), true]]), warnedPercent: 75 };
    expect(applyAttempt(failing, attempt('success', 11), true)).toMatchObject({
      lastSuccessAt: T0 + 11_000,
      failingSince: null,
      lastFailureAt: null,
      streakFailures: 0,
      warnedPercent: 0,
    });
  });

  it('ignores a success older than the streak and failures older than the last success', () => {
    const failing = run([
      [attempt('success', 5), true],
      [attempt('failure', 10), true],
    ]);
    expect(applyAttempt(failing, attempt('success', 8), true)).toBe(failing);
    expect(applyAttempt(failing, attempt('failure', 4), true)).toBe(failing);
  });

  it('ignores failures up to the moment the policy disabled the endpoint', () => {
    const disabled = { ...emptyRecord('ep_1', 'ten_1', 'u'), disabledAt: T0 + 30_000 };
    expect(applyAttempt(disabled, attempt('failure', 29), true)).toBe(disabled);
    expect(applyAttempt(disabled, attempt('failure', 31), true).failingSince).toBe(T0 + 31_000);
  });

  it('changes nothing but the count when the same failure is applied again, and not even that when it is not counted', () => {
    const once = run([[attempt('failure', 10), true]]);
    expect(applyAttempt(once, attempt('failure', 10), false)).toEqual(once);
  });
});
