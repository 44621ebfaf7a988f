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
});
