import { describe, expect, it } from '@jest/globals';
import {
  boolFlag,
  intFlag,
  jsonFlag,
  listFlag,
  pairsFlag,
  positional,
  rateFlag,
  type ParsedArgs,
} from './args.js';
import { UsageError } from './client.js';

const args = (flags: ParsedArgs['flags'], lists: ParsedArgs['lists'] = {}): ParsedArgs => ({
  positionals: [],
  flags,
  lists,
});

describe('option values', () => {
  it('--rate-limit takes N, N/s, N/m, N/h or none, and refuses anything else', () => {
    expect(rateFlag('10')).toBe(10);
    expect(rateFlag('10/s')).toBe(10);
    expect(rateFlag('600/m')).toBe(10);
    expect(rateFlag('36000/h')).toBe(10);
    expect(rateFlag('0.5/s')).toBe(0.5);
    expect(rateFlag('none')).toBeNull();
    for (const bad of ['10/d', 'ten', '', '10/s/s', '-1']) {
      expect(() => rateFlag(bad)).toThrow(UsageError);
    }
  });

  it('lists, pairs, whole numbers, booleans and JSON', () => {
    expect(listFlag(args({ events: 'a, b.*,,c@2' }), 'events')).toEqual(['a', 'b.*', 'c@2']);
    expect(pairsFlag(args({}, { label: ['team:billing', 'url:http://x:1'] }), 'label')).toEqual({
      team: 'billing',
      url: 'http://x:1',
    });
    expect(() => pairsFlag(args({}, { label: ['nocolon'] }), 'label')).toThrow('key:value');
    expect(intFlag(args({ limit: '25' }), 'limit')).toBe(25);
    expect(() => intFlag(args({ limit: '2.5' }), 'limit')).toThrow('whole number');
    expect(boolFlag(args({ enabled: 'false' }), 'enabled')).toBe(false);
    expect(boolFlag(args({ enabled: true }), 'enabled')).toBe(true);
    expect(() => boolFlag(args({ enabled: 'maybe' }), 'enabled')).toThrow('true or false');
    expect(jsonFlag(args({ filter: '{"a":1}' }), 'filter')).toEqual({ a: 1 });
    expect(() => jsonFlag(args({ filter: '{a' }), 'filter')).toThrow('is not JSON');
    expect(() => positional(args({}), 0, 'endpoint id')).toThrow('missing endpoint id');
  });
});
