import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { DispatcherMetrics } from './dispatcher-metrics.js';

const series = async (registry: Registry, name: string) =>
  (await registry.getSingleMetric(name)!.get()).values.map((v) => [v.labels, v.value]);

describe('DispatcherMetrics breaker series', () => {
  it('exports only breakers that are not closed, open first, at most the limit, and counts the rest', async () => {
    const registry = new Registry();
    const metrics = new DispatcherMetrics(registry, 2);
    metrics.breakerState('ep_c', 'open');
    metrics.breakerState('ep_a', 'half_open');
    metrics.breakerState('ep_b', 'open');
    metrics.breakerState('ep_d', 'open');
    metrics.breakerState('ep_e', 'closed');
    metrics.breakerState('ep_d', 'closed'); // closed again: its series goes

    expect(await series(registry, 'herald_breaker_state')).toEqual([
      [{ endpoint: 'ep_b' }, 2],
      [{ endpoint: 'ep_c' }, 2],
    ]);
    expect(await series(registry, 'herald_endpoint_series_omitted')).toEqual([
      [{ metric: 'herald_breaker_state' }, 1],
    ]);
    expect(await series(registry, 'herald_dispatcher_breakers')).toEqual([
      [{ state: 'open' }, 2],
      [{ state: 'half_open' }, 1],
    ]);

    metrics.forgetBreaker('ep_b');
    expect(await series(registry, 'herald_breaker_state')).toEqual([
      [{ endpoint: 'ep_c' }, 2],
      [{ endpoint: 'ep_a' }, 1],
    ]);
    expect(await series(registry, 'herald_endpoint_series_omitted')).toEqual([
      [{ metric: 'herald_breaker_state' }, 0],
    ]);
  });
});
