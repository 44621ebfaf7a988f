import { Gauge, type Registry } from 'prom-client';

/** A circuit breaker's state as the metrics and the `breaker.v1` announcements name it. */
export type BreakerSeriesState = 'closed' | 'half_open' | 'open';

/** Gauge value of a breaker state: 0 closed, 1 half-open, 2 open. */
export const BREAKER_GAUGE_VALUE: Record<BreakerSeriesState, number> = {
  closed: 0,
  half_open: 1,
  open: 2,
};

/**
 * Which breakers get their own per-endpoint series, under a cap on label
 * cardinality (ADR 0015). Pure. Closed breakers never qualify; open ones come
 * before half-open ones, then by endpoint id, so the choice is stable between
 * scrapes; the rest are counted as omitted.
 */
export function selectBreakers<T extends readonly [string, BreakerSeriesState]>(
  breakers: Iterable<T>,
  limit: number,
): { selected: T[]; omitted: number } {
  const sorted = [...breakers]
    .filter(([, state]) => state !== 'closed')
    .sort(
      ([a, sa], [b, sb]) => BREAKER_GAUGE_VALUE[sb] - BREAKER_GAUGE_VALUE[sa] || a.localeCompare(b),
    );
  return { selected: sorted.slice(0, limit), omitted: Math.max(0, sorted.length - limit) };
}

/**
 * `herald_endpoint_series_omitted{metric}`: how many endpoints the cap left
 * out of each per-endpoint metric, read from `omitted()` at every scrape.
 */
export function seriesOmittedGauge(
  registry: Registry,
  omitted: () => Record<string, number>,
): Gauge<'metric'> {
  return new Gauge({
    name: 'herald_endpoint_series_omitted',
    help: 'Endpoints left out of a per-endpoint metric by HERALD_METRICS_ENDPOINT_LIMIT, by metric',
    labelNames: ['metric'],
    registers: [registry],
    collect() {
      for (const [metric, count] of Object.entries(omitted())) this.set({ metric }, count);
    },
  });
}
