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
    expect(checkPayloadSchema({ type: 'nonsense' })).toContain('not a valid JSON Schema');
    expect(checkPayloadSchema('string')).toContain('not a valid JSON Schema');
    expect(checkPayloadSchema({ description: 'x'.repeat(70_000) })).toContain('at most');
  });
});
