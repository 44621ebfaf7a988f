import type { AttemptOutcome } from '@herald/contracts';
import { anAttemptOutcome } from '@herald/testing';

/** Builders for unit tests: one attempt outcome as the dispatcher publishes it. */
export const anOutcome = (overrides: Partial<AttemptOutcome> = {}): AttemptOutcome =>
  anAttemptOutcome({
    attemptId: 'att_1',
    messageId: 'msg_1',
    tenantId: 'ten_1',
    endpointId: 'ep_1',
    latencyMs: 40,
    at: '2026-11-22T10:00:00.000Z',
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
