import type { AttemptOutcome } from '@herald/contracts';

/** Builders for unit tests: one attempt outcome as the dispatcher publishes it. */
export const anOutcome = (overrides: Partial<AttemptOutcome> = {}): AttemptOutcome => ({
  attemptId: 'att_1',
  messageId: 'msg_1',
  tenantId: 'ten_1',
  endpointId: 'ep_1',
  eventType: 'invoice.paid',
  attempt: 1,
  outcome: 'success',
  reason: 'delivered',
  statusCode: 200,
  error: null,
  latencyMs: 40,
  responseBody: 'ok',
  url: 'https://example.com/hook',
  final: true,
  nextAttemptAt: null,
  at: '2026-11-22T10:00:00.000Z',
  replayId: null,
  retryAfterMs: null,
  ...overrides,
});

/** A failure that is the last attempt. */
export const aFinalFailure = (overrides: Partial<AttemptOutcome> = {}): AttemptOutcome =>
  anOutcome({
    attempt: 5,
    outcome: 'failure',
    reason: 'http_status',
    statusCode: 503,
    error: 'HTTP 503',
    responseBody: 'down',
    ...overrides,
  });

/** The outcome of a 410 Gone answer. */
export const aGoneOutcome = (overrides: Partial<AttemptOutcome> = {}): AttemptOutcome =>
  anOutcome({
    outcome: 'failure',
    reason: 'endpoint_gone',
    statusCode: 410,
    error: 'HTTP 410',
    responseBody: null,
    ...overrides,
  });
