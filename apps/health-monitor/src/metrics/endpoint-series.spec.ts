import { describe, expect, it } from '@jest/globals';
import { selectEndpoints, type EndpointStanding } from './endpoint-series.js';

const standing = (endpointId: string, state: EndpointStanding['state'], errors = 0) => ({
  endpointId,
  state,
  errors,
});

describe('selectEndpoints (per-endpoint series under a cap)', () => {
  it('lists only endpoints that need attention, worst first, and counts the rest as omitted', () => {
    const standings = [
      standing('a', 'healthy'),
      standing('b', 'degraded', 3),
      standing('c', 'failing', 1),
      standing('d', 'disabled'),
      standing('e', 'paused'),
      standing('f', 'degraded', 9),
      standing('g', 'failing', 7),
    ];
    expect(selectEndpoints(standings, 3)).toEqual({
      selected: [standing('g', 'failing', 7), standing('c', 'failing', 1), standing('e', 'paused')],
      omitted: 2,
    });
    expect(selectEndpoints(standings, 100).selected.map((s) => s.endpointId)).toEqual([
      'g',
      'c',
      'e',
      'f',
      'b',
    ]);
    expect(selectEndpoints(standings, 0)).toEqual({ selected: [], omitted: 5 });
  });

  it('is stable between scrapes: ties are broken by endpoint id', () => {
    const standings = [standing('z', 'degraded'), standing('m', 'degraded')];
    expect(selectEndpoints(standings, 1).selected[0]?.endpointId).toBe('m');
  });
});
