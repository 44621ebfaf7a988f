import { describe, expect, it } from '@jest/globals';
import { hopChartSvg } from './hop-chart.js';

describe('hopChartSvg', () => {
  const rows = [
    { hop: 'send (the baseline process; the dispatcher)', baseline: 0.1, relay: 0.08, herald: 0.2 },
    { hop: 'store (the relay `store`; ingest)', baseline: null, relay: 0.05, herald: 0.1 },
    { hop: 'nats-server', baseline: 0.12, relay: 0.1, herald: 0.15 },
  ];
  const svg = hopChartSvg(rows, 'run x, commit abc');

  it('draws one bar per system ending in its total, and the target at twice the baseline', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>0.220</text>');
    expect(svg).toContain('>0.230</text>');
    expect(svg).toContain('>0.450</text>');
    expect(svg).toContain('target: 2 × baseline = 0.440');
  });

  it('gives each segment its hop and figure, and leaves out hops a system does not have', () => {
    expect(svg).toContain('<title>send (the baseline process; the dispatcher): 0.200 ms</title>');
    expect(svg.match(/<title>store/g)).toHaveLength(2);
    expect(svg).not.toContain('`');
  });
});
