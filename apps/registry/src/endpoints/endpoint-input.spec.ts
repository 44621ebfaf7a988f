import { describe, expect, it } from '@jest/globals';
import { AddressPolicy } from '@herald/ssrf';
import { endpointInputSchemas } from './endpoint-input.js';

const { create, patch } = endpointInputSchemas({
  policy: new AddressPolicy(false),
  maxLength: 2048,
});

const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.map(String).join('.')) ?? [];

describe('endpoint input schemas', () => {
  const valid = { url: 'https://example.com/hook', eventTypes: ['message_created'] };

  it('accepts a minimal body and removes repeated filters', () => {
    const parsed = create.parse({ ...valid, eventTypes: ['a', 'a', 'b.*'], channels: ['x', 'x'] });
    expect(parsed.eventTypes).toEqual(['a', 'b.*']);
    expect(parsed.channels).toEqual(['x']);
  });

  it('names every offending field', () => {
    const result = create.safeParse({
      url: 'ftp://example.com',
      eventTypes: ['ok', 'not ok'],
      headers: { Host: 'x' },
      timeoutMs: 10,
    });
    expect(fields(result).sort()).toEqual(['eventTypes.1', 'headers.Host', 'timeoutMs', 'url']);
  });

  it('requires url and a non-empty eventTypes on create', () => {
    expect(fields(create.safeParse({})).sort()).toEqual(['eventTypes', 'url']);
    expect(fields(create.safeParse({ ...valid, eventTypes: [] }))).toEqual(['eventTypes']);
  });

  it('refuses unknown fields, on create and on patch', () => {
    expect(create.safeParse({ ...valid, secret: 'whsec_x' }).success).toBe(false);
    expect(patch.safeParse({ colour: 'red' }).success).toBe(false);
  });

  it('accepts any subset on patch, and null to clear optional fields', () => {
    expect(patch.parse({})).toEqual({});
    expect(patch.parse({ enabled: false, description: null, timeoutMs: null })).toEqual({
      enabled: false,
      description: null,
      timeoutMs: null,
    });
    expect(patch.safeParse({ eventTypes: [] }).success).toBe(false);
  });
});
