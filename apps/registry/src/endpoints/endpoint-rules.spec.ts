import { describe, expect, it } from '@jest/globals';
import {
  checkEventTypeFilter,
  checkHeaderName,
  checkHeaderValue,
  headerProblems,
} from './endpoint-rules.js';

describe('checkEventTypeFilter', () => {
  it.each(['*', 'message_created', 'conversation.created', 'a:b-c_d.e', 'conversation.*', 'x'])(
    'accepts %s',
    (filter) => expect(checkEventTypeFilter(filter)).toBeNull(),
  );

  it.each(['', ' ', 'has space', 'a*', '*.b', 'a.*.b', '**', '.*', 'é', 'a'.repeat(129), '-x'])(
    'refuses %j',
    (filter) => expect(checkEventTypeFilter(filter)).toMatch(/prefix wildcard/),
  );

  it('allows names up to 128 characters, and a wildcard on such a prefix', () => {
    expect(checkEventTypeFilter('a'.repeat(128))).toBeNull();
    expect(checkEventTypeFilter(`${'a'.repeat(128)}.*`)).toBeNull();
  });
});

describe('header rules', () => {
  it('allows ordinary names, including authorization', () => {
    expect(checkHeaderName('X-Tenant')).toBeNull();
    expect(checkHeaderName('Authorization')).toBeNull();
  });

  it.each([
    'webhook-id',
    'Webhook-Signature',
    'Content-Type',
    'content-length',
    'Host',
    'User-Agent',
  ])('reserves %s', (name) => expect(checkHeaderName(name)).toMatch(/reserved/));

  it('refuses names that are not HTTP tokens', () => {
    expect(checkHeaderName('bad name')).toMatch(/not a valid/);
    expect(checkHeaderName('')).toMatch(/not a valid/);
    expect(checkHeaderName('x:y')).toMatch(/not a valid/);
  });

  it('refuses values with CR, LF or NUL, and overlong values', () => {
    expect(checkHeaderValue('ok value\t1')).toBeNull();
    expect(checkHeaderValue('a\r\nX-Injected: 1')).toMatch(/control/);
    expect(checkHeaderValue('a\0')).toMatch(/control/);
    expect(checkHeaderValue('a'.repeat(4097))).toMatch(/at most/);
  });

  it('reports every problem of a header map by name', () => {
    expect(headerProblems({ 'X-A': '1', Host: 'x', 'x-a': '2' })).toEqual([
      { name: 'Host', reason: expect.stringMatching(/reserved/) as unknown },
      { name: 'x-a', reason: expect.stringMatching(/twice/) as unknown },
    ]);
    expect(headerProblems({})).toEqual([]);
  });

  it('limits the number of headers', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v']));
    expect(headerProblems(many)).toEqual([{ name: '', reason: 'at most 20 headers' }]);
  });
});
