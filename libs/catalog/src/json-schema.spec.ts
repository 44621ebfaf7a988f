import { describe, expect, it } from '@jest/globals';
import { checkPayloadSchema, compilePayloadSchema } from './json-schema.js';

const schema = {
  type: 'object',
  required: ['agent', 'isLogin'],
  properties: {
    agent: { type: 'string' },
    isLogin: { type: 'boolean' },
    at: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
};

describe('compilePayloadSchema', () => {
  it('accepts a valid payload and reports every error of an invalid one', () => {
    const validate = compilePayloadSchema(schema);
    expect(validate({ agent: 'a', isLogin: true })).toEqual([]);
    expect(validate({ agent: 1, at: 'yesterday', extra: 1 })).toEqual([
      { path: '', message: "must have required property 'isLogin'" },
      { path: '', message: 'must NOT have additional properties: "extra"' },
      { path: '/agent', message: 'must be string' },
      { path: '/at', message: 'must match format "date-time"' },
    ]);
  });

  it('understands draft 2020-12 when the schema says so', () => {
    const validate = compilePayloadSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'number' }],
    });
    expect(validate([1])).toEqual([]);
    expect(validate(['x'])).toHaveLength(1);
  });

  it('compiles two schemas with the same $id independently', () => {
    const a = compilePayloadSchema({ $id: 'https://x/s', type: 'string' });
    const b = compilePayloadSchema({ $id: 'https://x/s', type: 'number' });
    expect(a('s')).toEqual([]);
    expect(b(1)).toEqual([]);
  });
});

describe('checkPayloadSchema', () => {
  it('says why a schema is refused', () => {
    expect(checkPayloadSchema(schema)).toBeNull();
    expect(checkPayloadSchema({ type: 'nonsense' })?.code).toBe('invalid_schema');
    expect(checkPayloadSchema('string')?.code).toBe('invalid_schema');
    expect(checkPayloadSchema({ description: 'x'.repeat(70_000) })?.code).toBe('schema_too_large');
  });

  it('refuses a schema nested past the depth limit without overflowing the stack', () => {
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < 5_000; i += 1) deep = { type: 'object', properties: { a: deep } };
    expect(checkPayloadSchema(deep)?.code).toBe('schema_too_deep');
  });

  it('refuses patterns the linear-time engine cannot run (backreferences, lookaround)', () => {
    expect(checkPayloadSchema({ type: 'string', pattern: '^(a)\\1$' })?.code).toBe(
      'unsupported_schema_pattern',
    );
    expect(checkPayloadSchema({ type: 'string', pattern: 'a(?=b)' })?.code).toBe(
      'unsupported_schema_pattern',
    );
    expect(
      checkPayloadSchema({ type: 'object', patternProperties: { '^x-(?!y)': { type: 'string' } } })
        ?.code,
    ).toBe('unsupported_schema_pattern');
  });

  it("runs a tenant's catastrophic pattern in linear time, with JSON Schema's meaning", () => {
    const validate = compilePayloadSchema({ type: 'string', pattern: '^(a+)+$' });
    const started = performance.now();
    expect(validate(`${'a'.repeat(34)}!`)).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(50);
    expect(validate('a'.repeat(34))).toEqual([]);
    // Unanchored, Unicode-aware, as ECMA-262 with the u flag.
    const word = compilePayloadSchema({ type: 'string', pattern: '\\p{L}+-\\d{2}' });
    expect(word('xx ünï-42 yy')).toEqual([]);
    expect(word('-42')).toHaveLength(1);
  });
});
