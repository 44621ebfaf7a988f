import { describe, expect, it } from '@jest/globals';
import { isOutage } from './outage.js';

describe('isOutage', () => {
  it.each([
    Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    }),
    Object.assign(new Error('connection failure'), { code: '08006' }),
    Object.assign(new Error('too many connections'), { code: '53300' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('timeout'), { name: 'TimeoutError' }),
  ])('is true for an unreachable database: %s', (error) => {
    expect(isOutage(error)).toBe(true);
  });

  it.each([
    Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }),
    Object.assign(new Error('duplicate key'), { code: '23505' }),
    new TypeError('x is undefined'),
    new Error("'payload' max_payload size exceeded"),
    'a string',
    null,
  ])('is false for a fault of the data or the code: %s', (error) => {
    expect(isOutage(error)).toBe(false);
  });
});
