import { describe, expect, it } from '@jest/globals';
import {
  countsAsFailure,
  PermanentMessageError,
  TransientMessageError,
  verdictForDelivery,
  verdictForError,
} from './dispositions.js';

const policy = { maxAttempts: 3, maxDeliveries: 50 };
const outage = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('verdictForError', () => {
  it('retries a failing message with back-off, then gives it up after maxAttempts', () => {
    const bug = new TypeError('cannot read x');
    expect(verdictForError(bug, { failures: 1, deliveryCount: 1 }, policy)).toEqual({
      action: 'nak',
      delayMs: 1_000,
    });
    expect(verdictForError(bug, { failures: 2, deliveryCount: 7 }, policy)).toEqual({
      action: 'nak',
      delayMs: 2_000,
    });
    expect(verdictForError(bug, { failures: 3, deliveryCount: 9 }, policy)).toEqual({
      action: 'poison',
      code: 'processing_failed',
      reason: 'failed 3 times; last error: cannot read x',
    });
  });

  it('gives a permanent error up at once, with its code', () => {
    const error = new PermanentMessageError('invalid_command', '"at" is not a time');
    expect(verdictForError(error, { failures: 0, deliveryCount: 1 }, policy)).toEqual({
      action: 'poison',
      code: 'invalid_command',
      reason: '"at" is not a time',
    });
  });

  it('never gives up because of an outage: back-off by delivery count', () => {
    expect(verdictForError(outage, { failures: 3, deliveryCount: 4 }, policy)).toEqual({
      action: 'nak',
      delayMs: 8_000,
    });
    const transient = new TransientMessageError('down', 'destination down', 250);
    expect(verdictForError(transient, { failures: 9, deliveryCount: 9 }, policy)).toEqual({
      action: 'nak',
      delayMs: 250,
    });
  });
});

describe('countsAsFailure', () => {
  it('counts errors of the message or the code, not outages or known outcomes', () => {
    expect(countsAsFailure(new Error('invalid byte sequence'))).toBe(true);
    expect(countsAsFailure(outage)).toBe(false);
    expect(countsAsFailure(new TransientMessageError('x', 'y'))).toBe(false);
    expect(countsAsFailure(new PermanentMessageError('x', 'y'))).toBe(false);
  });
});

describe('verdictForDelivery', () => {
  it('gives a message up once delivered more than maxDeliveries times, whatever happened before', () => {
    expect(verdictForDelivery(50, policy)).toBeNull();
    expect(verdictForDelivery(51, policy)).toEqual({
      action: 'poison',
      code: 'redelivery_limit',
      reason: 'delivered 51 times without being settled',
    });
  });
});
