import { describe, expect, it } from '@jest/globals';
import { anOutcome } from '../testing/outcomes.js';
import { LatestErrors, RESPONSE_EXCERPT_CHARS } from './latest-errors.js';

const failure = (n: number, overrides: Parameters<typeof anOutcome>[0] = {}) =>
  anOutcome({
    attemptId: `att_${n}`,
    outcome: 'failure',
    reason: 'http_status',
    statusCode: 500,
    error: 'HTTP 500',
    at: new Date(Date.parse('2026-11-22T10:00:00.000Z') + n * 1_000).toISOString(),
    ...overrides,
  });

describe('LatestErrors', () => {
  it('keeps the newest N failures, newest first, each once', () => {
    const errors = new LatestErrors(3);
    for (const n of [1, 4, 2, 5, 3, 5]) errors.add(failure(n));
    errors.add(failure(0)); // older than every kept one
    expect(errors.list(0).map((e) => e.attemptId)).toEqual(['att_5', 'att_4', 'att_3']);
  });

  it('shows status, reason, latency and a truncated response body', () => {
    const errors = new LatestErrors(5);
    const body = 'x'.repeat(RESPONSE_EXCERPT_CHARS + 10);
    errors.add(failure(1, { latencyMs: 812.5, responseBody: body }));
    const [entry] = errors.list(0);
    expect(entry).toEqual({
      attemptId: 'att_1',
      messageId: 'msg_1',
      eventType: 'invoice.paid',
      attempt: 1,
      at: '2026-11-22T10:00:01.000Z',
      statusCode: 500,
      reason: 'http_status',
      error: 'HTTP 500',
      latencyMs: 812.5,
      responseBody: `${'x'.repeat(RESPONSE_EXCERPT_CHARS)}…`,
    });
  });

  it('drops failures older than the span', () => {
    const errors = new LatestErrors(5);
    errors.add(failure(1));
    errors.add(failure(10));
    expect(errors.prune(Date.parse('2026-11-22T10:00:05.000Z'))).toBe(false);
    expect(errors.list(0).map((e) => e.attemptId)).toEqual(['att_10']);
  });
});
