import { describe, expect, it } from '@jest/globals';
import { decideSuppression, type SuppressionState } from './suppression.js';

const WINDOW = 600_000;

describe('decideSuppression (10 min window)', () => {
  it('sends the first alert and suppresses the same kind within the window, counting', () => {
    let state: SuppressionState | null = null;
    const decide = (at: number) => {
      const decision = decideSuppression(state, 'delivery.exhausted', at, WINDOW);
      state = decision.next;
      return decision;
    };
    expect(decide(0)).toMatchObject({ action: 'send', suppressedBefore: 0 });
    expect(decide(1_000).action).toBe('suppress');
    expect(decide(WINDOW - 1).action).toBe('suppress');
    expect(state).toEqual({ lastSentAt: 0, suppressed: 2 });
    // After the window: sent, saying how many were held back.
    expect(decide(WINDOW)).toEqual({
      action: 'send',
      suppressedBefore: 2,
      next: { lastSentAt: WINDOW, suppressed: 0 },
    });
  });

  it('never suppresses tests, resolved notices, disable warnings or disables', () => {
    const recent = { lastSentAt: 0, suppressed: 0 };
    for (const kind of [
      'test',
      'endpoint.recovered',
      'endpoint.disable_warning',
      'endpoint.disabled',
    ] as const) {
      expect(decideSuppression(recent, kind, 1, WINDOW).action).toBe('send');
    }
    for (const kind of ['delivery.failing', 'delivery.exhausted', 'endpoint.paused'] as const) {
      expect(decideSuppression(recent, kind, 1, WINDOW).action).toBe('suppress');
    }
  });

  it('sends an alert far older than the last one sent (a replay), and any alert without a window', () => {
    const recent = { lastSentAt: 10 * WINDOW, suppressed: 0 };
    expect(decideSuppression(recent, 'endpoint.paused', 0, WINDOW).action).toBe('send');
    expect(decideSuppression(recent, 'endpoint.paused', 10 * WINDOW + 1, 0).action).toBe('send');
  });
});
