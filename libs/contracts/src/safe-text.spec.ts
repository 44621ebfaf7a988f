import { describe, expect, it } from '@jest/globals';
import { decodeUtf8Escaped, escapeUnsafeNullable, escapeUnsafeText } from './safe-text.js';

describe('escapeUnsafeText', () => {
  it('writes NUL and lone surrogates out as escapes, keeping everything else', () => {
    expect(escapeUnsafeText('a\u0000b')).toBe('a\\u0000b');
    expect(escapeUnsafeText('x\uD800y\uDC80')).toBe('x\\ud800y\\udc80');
    expect(escapeUnsafeText('émoji 😀 tab\tnewline\n')).toBe('émoji 😀 tab\tnewline\n');
    expect(escapeUnsafeNullable(null)).toBeNull();
  });
});

describe('decodeUtf8Escaped', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);

  it('decodes well-formed UTF-8 as it is', () => {
    expect(decodeUtf8Escaped(new TextEncoder().encode('héllo 😀'))).toBe('héllo 😀');
  });

  it('escapes every byte that is not part of a well-formed sequence, and NUL', () => {
    expect(decodeUtf8Escaped(bytes(0x61, 0xff, 0x62))).toBe('a\\xffb');
    expect(decodeUtf8Escaped(bytes(0x61, 0x00, 0x62))).toBe('a\\u0000b');
    // An overlong "/" (C0 AF), a surrogate encoded in UTF-8 (ED A0 80), a truncated 3-byte sequence.
    expect(decodeUtf8Escaped(bytes(0xc0, 0xaf))).toBe('\\xc0\\xaf');
    expect(decodeUtf8Escaped(bytes(0xed, 0xa0, 0x80))).toBe('\\xed\\xa0\\x80');
    expect(decodeUtf8Escaped(bytes(0x41, 0xe2, 0x82))).toBe('A\\xe2\\x82');
  });
});
