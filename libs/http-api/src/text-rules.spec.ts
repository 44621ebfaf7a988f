import { describe, expect, it } from '@jest/globals';
import {
  controlCharacterAt,
  describeBytes,
  escapeForStorage,
  findUnstorableText,
  identifierProblem,
  unstorableCharacterAt,
} from './text-rules.js';

describe('text rules', () => {
  it('finds NUL and unpaired surrogates, and accepts paired ones', () => {
    expect(unstorableCharacterAt('ab\u0000')).toBe(2);
    expect(unstorableCharacterAt('a\ud800')).toBe(1);
    expect(unstorableCharacterAt('\udc00a')).toBe(0);
    expect(unstorableCharacterAt('😀 line\nbreak')).toBe(-1);
  });

  it('holds identifiers to no control characters at all', () => {
    expect(controlCharacterAt('tab\there')).toBe(3);
    expect(controlCharacterAt('del\u007f')).toBe(3);
    expect(controlCharacterAt('ok-é-😀')).toBe(-1);
    expect(identifierProblem('', 10)).toMatch(/1 to 10/);
    expect(identifierProblem('x'.repeat(11), 10)).toMatch(/1 to 10/);
    expect(identifierProblem('a\u0000', 10)).toMatch(/control/);
    expect(identifierProblem('fine', 10)).toBeNull();
  });

  it('escapes what Postgres cannot store and leaves the rest alone', () => {
    expect(escapeForStorage('a\u0000b\ud800')).toBe('a\\u0000b\\ud800');
    expect(escapeForStorage('😀')).toBe('😀');
  });

  it('names the first field holding unstorable text, keys included, without recursion', () => {
    expect(findUnstorableText({ a: [1, 'x', { b: 'y\u0000' }] })).toBe('a.2.b');
    expect(findUnstorableText({ ['k\u0000']: 1 })).toBe('k\\u0000');
    expect(findUnstorableText({ a: 'fine', b: [null, true, 3] })).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    expect(findUnstorableText(deep)).toMatch(/^0(\.0)+$/);
  });

  it('writes invalid UTF-8 and NUL as escapes, and keeps valid text', () => {
    const bytes = new Uint8Array([0x61, 0x00, 0xff, 0xc3, 0xa9, 0xed, 0xa0, 0x80, 0xe2, 0x82]);
    expect(describeBytes(bytes)).toBe('a\\u0000\\xFFé\\xED\\xA0\\x80\\xE2\\x82');
    expect(describeBytes(new TextEncoder().encode('plain 😀'))).toBe('plain 😀');
  });
});
