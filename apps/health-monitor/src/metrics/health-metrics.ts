import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeferralReport } from '@herald/contracts';
import {
  BREAKER_GAUGE_VALUE,
  METRICS_REGISTRY,
  selectBreakers,
  seriesOmittedGauge,
} from '@herald/observability';
import { BreakerStates } from '../breakers/breaker-states.js';
import { EndpointHealth } from '../health/endpoint-health.js';
import { CLOCK, type Clock } from '@herald/runtime';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { HealthPartitions } from '../partitions/health-partitions.js';
import { HEALTH_STATES } from '../state/health-state.js';
import { HealthWindows } from '../windows/health-windows.js';
import { selectEndpoints, type EndpointStanding } from './endpoint-series.js';

/**
 * The health-monitor's view of endpoints, computed at scrape time from
 * memory (no stale series: every scrape rebuilds them):
 *
 * - `herald_endpoints{state}` — tracked endpoints per state (five series);
 * - `herald_endpoint_state{endpoint,state}` — 1 per endpoint needing
 *   attention, at most `HERALD_METRICS_ENDPOINT_LIMIT`, worst first;
 * - `herald_endpoint_breaker_state{endpoint}` — worst breaker state across
 *   dispatcher replicas (1 half-open, 2 open), same cap;
 * - `herald_endpoint_series_omitted{metric}` — endpoints left out by the cap;
 * - `herald_rejected_deliveries_total{reason}` — tasks rejected by an open
 *   breaker or a pause, from the dispatchers' reports;
 * - `herald_health_windows_endpoints` — endpoints held in memory;
 * - `herald_health_partitions_held` — health partitions this replica holds.
 *
 * Per-endpoint series come from the replica holding the endpoint's
 * partition only: sum them over replicas.
 */
@Injectable()
export class HealthMetrics {
  private readonly rejections: Counter<'reason'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    health: EndpointHealth,
    breakers: BreakerStates,
    windows: HealthWindows,
    partitions: HealthPartitions,
    @Inject(CLOCK) clock: Clock,
    @Inject(HEALTH_SETTINGS) settings: HealthSettings,
  ) {
    const registers = [registry];
    const limit = settings.metricsEndpointLimit;
    let snapshot: { at: number; standings: EndpointStanding[] } | null = null;
    /** One computation per scrape, shared by the gauges that read it. */
    const standings = () => {
      const now = clock.now();
      if (snapshot && now - snapshot.at < 1_000) return snapshot.standings;
      const list: EndpointStanding[] = [];
      for (const endpointId of health.tracked(now)) {
        const verdict = health.verdict(endpointId, now);
        const recent = windows.get(endpointId)?.window.recent(now, settings.state.windowMinutes);
        list.push({ endpointId, state: verdict.state, errors: recent?.error ?? 0 });
      }
      snapshot = { at: now, standings: list };
      return list;
    };
    new Gauge({
      name: 'herald_endpoints',
      help: 'Endpoints with activity, a pause, an open breaker or an open incident in the last 24 h, by health state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = Object.fromEntries(HEALTH_STATES.map((s) => [s, 0]));
        for (const standing of standings()) counts[standing.state]! += 1;
        for (const state of HEALTH_STATES) this.set({ state }, counts[state]!);
      },
    });
    new Gauge({
      name: 'herald_endpoint_state',
      help: 'Endpoints that need attention (degraded, paused, failing), one series each, worst first, capped',
      labelNames: ['endpoint', 'state'],
      registers,
      collect() {
        this.reset();
        for (const s of selectEndpoints(standings(), limit).selected) {
          this.set({ endpoint: s.endpointId, state: s.state }, 1);
        }
      },
    });
    new Gauge({
      name: 'herald_endpoint_breaker_state',
      help: 'Worst circuit-breaker state across dispatcher replicas (1 half-open, 2 open), per endpoint not closed, capped',
      labelNames: ['endpoint'],
      registers,
      collect() {
        this.reset();
        const { selected } = selectBreakers(breakers.notClosed(clock.now()), limit);
        for (const [endpoint, state] of selected)
          this.set({ endpoint }, BREAKER_GAUGE_VALUE[state]);
      },
    });
    seriesOmittedGauge(registry, () => ({
      herald_endpoint_state: selectEndpoints(standings(), limit).omitted,
      herald_endpoint_breaker_state: selectBreakers(breakers.notClosed(clock.now()), limit).omitted,
    }));
    new Gauge({
      name: 'herald_health_windows_endpoints',
      help: 'Endpoints whose health windows are held in memory (activity in the last 24 h)',
      registers,
      collect() {
        this.set(windows.size);
      },
    });
    new Gauge({
      name: 'herald_health_partitions_held',
      help: 'Health partitions whose leases this replica holds (it counts their endpoints)',
      registers,
      collect() {
        this.set(partitions.owned().length);
      },
    });
    this.rejections = new Counter({
      name: 'herald_rejected_deliveries_total',
      help: 'Delivery tasks rejected without an attempt (open breaker, paused endpoint), by reason',
      labelNames: ['reason'],
      registers,
    });
  }

  rejected(report: DeferralReport): void {
    this.rejections.inc({ reason: 'breaker_open' }, report.counts.breaker_open);
    this.rejections.inc({ reason: 'endpoint_paused' }, report.counts.endpoint_paused);
  }
}
