import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-error.js';
import { InputGuardPipe, verifyJsonBody } from './input-guards.js';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'passed';
};

describe('InputGuardPipe', () => {
  const pipe = new InputGuardPipe();
  const as = (type: 'param' | 'query' | 'body', data?: string) => ({ type, data });

  it('refuses control characters and over-long path parameters', () => {
    expect(codeOf(() => pipe.transform('\u0000', as('param', 'id')))).toBe(
      '400 invalid_path_parameter',
    );
    expect(codeOf(() => pipe.transform('x'.repeat(257), as('param', 'id')))).toBe(
      '400 invalid_path_parameter',
    );
    expect(codeOf(() => pipe.transform('AgentLog.v2:é', as('param', 'name')))).toBe('passed');
  });

  it('refuses control characters anywhere in the query, nested values included', () => {
    expect(codeOf(() => pipe.transform({ code: 'a\u0001' }, as('query')))).toBe(
      '400 invalid_query_parameter',
    );
    expect(codeOf(() => pipe.transform({ label: { team: ['ok', 'x\n'] } }, as('query')))).toBe(
      '400 invalid_query_parameter',
    );
    expect(codeOf(() => pipe.transform({ limit: '10', since: 'now' }, as('query')))).toBe('passed');
  });

  it('refuses body strings Postgres cannot store, and keeps line breaks', () => {
    expect(codeOf(() => pipe.transform({ a: { b: ['\u0000'] } }, as('body')))).toBe(
      '400 invalid_text',
    );
    expect(codeOf(() => pipe.transform({ description: 'two\nlines' }, as('body')))).toBe('passed');
  });
});

describe('verifyJsonBody', () => {
  const verify = verifyJsonBody({ maxDepth: 4, maxKeys: 3 });
  const run = (bytes: number[] | string) => () =>
    verify({}, null, typeof bytes === 'string' ? Buffer.from(bytes) : new Uint8Array(bytes));

  it('refuses invalid UTF-8, then depth and key count, each with its code', () => {
    expect(codeOf(run([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))).toBe('400 invalid_utf8');
    expect(codeOf(run('[[[[[1]]]]]'))).toBe('400 json_too_deep');
    expect(codeOf(run('{"a":1,"b":2,"c":3,"d":4}'))).toBe('400 too_many_keys');
    expect(codeOf(run('{"a":[[1]],"b":"é"}'))).toBe('passed');
  });

  it('keeps the refused bytes on the request, for the rejection record', () => {
    const request: { refusedBody?: Uint8Array } = {};
    const bytes = new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]);
    expect(() => verify(request, null, bytes)).toThrow('not valid UTF-8');
    expect(request.refusedBody).toBe(bytes);
    const accepted: { refusedBody?: Uint8Array } = {};
    verify(accepted, null, Buffer.from('{"a":1}'));
    expect(accepted.refusedBody).toBeUndefined();
  });
});
