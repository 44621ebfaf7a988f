import { describe, expect, it } from '@jest/globals';
import { selectBreakers, type BreakerSeriesState } from './breaker-series.js';

describe('selectBreakers', () => {
  it('keeps open breakers before half-open ones, under the cap, and never closed ones', () => {
    const breakers: [string, BreakerSeriesState][] = [
      ['a', 'half_open'],
      ['b', 'open'],
      ['c', 'closed'],
      ['d', 'open'],
    ];
    expect(selectBreakers(breakers, 2)).toEqual({
      selected: [
        ['b', 'open'],
        ['d', 'open'],
      ],
      omitted: 1,
    });
    expect(selectBreakers(breakers, 10)).toEqual({
      selected: [
        ['b', 'open'],
        ['d', 'open'],
        ['a', 'half_open'],
      ],
      omitted: 0,
    });
  });
});
