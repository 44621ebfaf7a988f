import { describe, expect, it } from '@jest/globals';
import { seriesValue } from './metrics.js';

describe('seriesValue', () => {
  const exposition = [
    '# HELP herald_ingest_messages_total Events accepted',
    'herald_ingest_messages_total{outcome="stored",service="ingest"} 12',
    'herald_ingest_messages_total{outcome="duplicate",service="ingest"} 3',
    'herald_ingest_messages_total_other{outcome="duplicate"} 99',
  ].join('\n');

  it('reads the series carrying every label asked for', () => {
    expect(seriesValue(exposition, 'herald_ingest_messages_total', { outcome: 'duplicate' })).toBe(
      3,
    );
    expect(seriesValue(exposition, 'herald_ingest_messages_total', { outcome: 'stored' })).toBe(12);
  });

  it('is 0 for a series not written yet, and does not take a longer name for it', () => {
    expect(seriesValue(exposition, 'herald_ingest_messages_total', { outcome: 'refused' })).toBe(0);
    expect(seriesValue(exposition, 'herald_ingest_messages', { outcome: 'duplicate' })).toBe(0);
  });
});
