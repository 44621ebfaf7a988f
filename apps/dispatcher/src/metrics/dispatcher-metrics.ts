import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AttemptOutcome } from '@herald/contracts';
import type { DeferralReason, DropReason } from '../admission/admission.js';
import {
  BREAKER_GAUGE_VALUE,
  METRICS_REGISTRY,
  selectBreakers,
  seriesOmittedGauge,
} from '@herald/observability';

export type BreakerState = 'closed' | 'half_open' | 'open';

/** Per-endpoint series a metric may export (`HERALD_METRICS_ENDPOINT_LIMIT`). */
export const METRICS_ENDPOINT_LIMIT = Symbol('METRICS_ENDPOINT_LIMIT');

/**
 * The dispatcher's Prometheus series, on the app's own registry. Invariant:
 * labels are bounded — outcome and reason come from closed enums; only the
 * breaker gauge carries an endpoint id, and only for breakers that are not
 * closed, at most `HERALD_METRICS_ENDPOINT_LIMIT` of them (open first, ADR
 * 0015), rebuilt at every scrape; `herald_endpoint_series_omitted` counts
 * the rest and `herald_dispatcher_breakers{state}` counts them all.
 */
@Injectable()
export class DispatcherMetrics {
  private readonly requests: Counter<'outcome' | 'reason'>;
  private readonly duration: Histogram<'outcome'>;
  /** Breakers of this replica that are not closed. */
  private readonly notClosed = new Map<string, Exclude<BreakerState, 'closed'>>();
  private readonly deferrals: Counter<'reason'>;
  private readonly drops: Counter<'reason'>;
  private readonly deadLetters: Counter<'reason'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Inject(METRICS_ENDPOINT_LIMIT) limit: number,
  ) {
    const registers = [registry];
    const notClosed = this.notClosed;
    this.requests = new Counter({
      name: 'herald_dispatcher_requests_total',
      help: 'Webhook HTTP attempts by outcome and reason',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.duration = new Histogram({
      name: 'herald_dispatcher_request_duration_seconds',
      help: 'Duration of webhook HTTP attempts, connect to (truncated) response body',
      labelNames: ['outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
      registers,
    });
    new Gauge({
      name: 'herald_breaker_state',
      help: 'Circuit breakers of this replica that are not closed (1 half-open, 2 open), per endpoint, open first, capped',
      labelNames: ['endpoint'],
      registers,
      collect() {
        this.reset();
        for (const [endpoint, state] of selectBreakers(notClosed, limit).selected) {
          this.set({ endpoint }, BREAKER_GAUGE_VALUE[state]);
        }
      },
    });
    new Gauge({
      name: 'herald_dispatcher_breakers',
      help: 'Circuit breakers of this replica that are not closed, by state',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = { open: 0, half_open: 0 };
        for (const state of notClosed.values()) counts[state] += 1;
        this.set({ state: 'open' }, counts.open);
        this.set({ state: 'half_open' }, counts.half_open);
      },
    });
    seriesOmittedGauge(registry, () => ({
      herald_breaker_state: selectBreakers(notClosed, limit).omitted,
    }));
    this.deferrals = new Counter({
      name: 'herald_dispatcher_deferrals_total',
      help: 'Delivery tasks put back without spending an attempt, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.drops = new Counter({
      name: 'herald_dispatcher_dropped_tasks_total',
      help: 'Delivery tasks dropped because their endpoint no longer exists',
      labelNames: ['reason'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'herald_dispatcher_dead_letters_total',
      help: 'Delivery chains that ended without success and were kept as dead letters, by reason',
      labelNames: ['reason'],
      registers,
    });
  }

  attempt(outcome: Pick<AttemptOutcome, 'outcome' | 'reason' | 'latencyMs'>): void {
    this.requests.inc({ outcome: outcome.outcome, reason: outcome.reason });
    this.duration.observe({ outcome: outcome.outcome }, outcome.latencyMs / 1_000);
  }

  deadLettered(reason: string): void {
    this.deadLetters.inc({ reason });
  }

  deferred(reason: DeferralReason): void {
    this.deferrals.inc({ reason });
  }

  dropped(reason: DropReason): void {
    this.drops.inc({ reason });
  }

  breakerState(endpointId: string, state: BreakerState): void {
    if (state === 'closed') this.notClosed.delete(endpointId);
    else this.notClosed.set(endpointId, state);
  }

  forgetBreaker(endpointId: string): void {
    this.notClosed.delete(endpointId);
  }
}
