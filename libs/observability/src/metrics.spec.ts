import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createMetricsRegistry } from './metrics.js';

const operations = readFileSync(
  path.resolve(import.meta.dirname, '../../../docs/operations.md'),
  'utf8',
);

describe('createMetricsRegistry', () => {
  it('names every process metric with the one `herald_` prefix, as the docs do', async () => {
    const registry = createMetricsRegistry('registry', 'blue');
    const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(names).toContain('herald_process_cpu_user_seconds_total');
    expect(names).toContain('herald_process_resident_memory_bytes');
    expect(names).toContain('herald_nodejs_eventloop_lag_p99_seconds');
    expect(names.filter((name) => !name.startsWith('herald_'))).toEqual([]);
    expect(names.filter((name) => /^herald_(process_process|process_nodejs)_/.test(name))).toEqual(
      [],
    );
    // The families the operations guide lists cover every default metric.
    expect(operations).toContain('`herald_process_*`');
    expect(operations).toContain('`herald_nodejs_*`');
    expect(names.filter((name) => !/^herald_(process|nodejs)_/.test(name))).toEqual([]);
  });

  it('labels every series with the service and the install (HERALD_NAMESPACE)', async () => {
    const text = await createMetricsRegistry('ingest', 'blue').metrics();
    const samples = text.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(samples.length).toBeGreaterThan(10);
    for (const sample of samples) {
      expect(sample).toMatch(/\{.*service="ingest".*\}/);
      expect(sample).toMatch(/herald_namespace="blue"/);
    }
  });
});
