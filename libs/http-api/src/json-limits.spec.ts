import { describe, expect, it } from '@jest/globals';
import { checkJsonLimits } from './json-limits.js';

const limits = { maxDepth: 3, maxKeys: 2 };

describe('checkJsonLimits', () => {
  it('counts nesting of objects and arrays, not brackets inside strings', () => {
    expect(checkJsonLimits('[{"a":[1]}]', limits)).toBeNull();
    expect(checkJsonLimits('[{"a":[[1]]}]', limits)?.code).toBe('json_too_deep');
    expect(checkJsonLimits('["[[[[[", "\\"[[[["]', limits)).toBeNull();
  });

  it('counts object keys across the whole document, not colons inside strings', () => {
    expect(checkJsonLimits('{"a":"x:y:z","b":1}', limits)).toBeNull();
    expect(checkJsonLimits('[{"a":1},{"b":2},{"c":3}]', limits)?.code).toBe('too_many_keys');
  });

  it('scans a 10,000-deep document without recursion, as text or as bytes', () => {
    const text = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(checkJsonLimits(text, { maxDepth: 128, maxKeys: 10 })?.code).toBe('json_too_deep');
    const bytes = new TextEncoder().encode(text);
    expect(checkJsonLimits(bytes, { maxDepth: 128, maxKeys: 10 })?.code).toBe('json_too_deep');
    expect(checkJsonLimits(bytes, { maxDepth: 10_000, maxKeys: 10 })).toBeNull();
  });

  it('ends a string at the first quote after an even number of backslashes', () => {
    // "a\\" is a string ending in one backslash; the brackets after it are structure.
    expect(checkJsonLimits('["a\\\\",[[[1]]]]', limits)?.code).toBe('json_too_deep');
    // "\\\"[[[" is one string: its quote is escaped, its brackets are text.
    expect(checkJsonLimits('["\\\\\\"[[[[",1]', limits)).toBeNull();
    // Unterminated: the rest is string contents, and the parser refuses it later.
    expect(checkJsonLimits('["[[[[[', limits)).toBeNull();
  });

  it('agrees with a scan of every code unit, as text and as bytes, on random documents', () => {
    const alphabet = ['"', '\\', '{', '}', '[', ']', ':', ',', 'a', 'é', '1'];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2_000; n += 1) {
      const length = Math.floor(random() * 40);
      const text = Array.from(
        { length },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const expected = scanEveryUnit(text, limits);
      expect(checkJsonLimits(text, limits)?.code ?? null).toBe(expected);
      expect(checkJsonLimits(new TextEncoder().encode(text), limits)?.code ?? null).toBe(expected);
    }
  });
});

/** The plain definition: a backslash in a string skips the next unit, a quote ends it. */
function scanEveryUnit(text: string, { maxDepth, maxKeys }: typeof limits): string | null {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth += 1;
      if (depth > maxDepth) return 'json_too_deep';
    } else if (c === '}' || c === ']') depth -= 1;
    else if (c === ':') {
      keys += 1;
      if (keys > maxKeys) return 'too_many_keys';
    }
  }
  return null;
}
