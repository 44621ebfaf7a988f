import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AttemptOutcome } from '@herald/contracts';
import { METRICS_REGISTRY } from '@herald/observability';

export type BreakerState = 'closed' | 'half_open' | 'open';
export type DeferralReason =
  | 'not_before'
  | 'endpoint_disabled'
  | 'endpoint_paused'
  | 'endpoint_unknown'
  | 'breaker_open'
  | 'mailbox_full'
  | 'shutting_down';
export type DropReason = 'endpoint_deleted' | 'tenant_mismatch';

const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * The dispatcher's Prometheus series, on the app's own registry. Invariant:
 * labels are bounded — outcome and reason come from closed enums; only the
 * breaker gauge carries an endpoint id (one series per endpoint, removed when
 * the endpoint is).
 */
@Injectable()
export class DispatcherMetrics {
  private readonly requests: Counter<'outcome' | 'reason'>;
  private readonly duration: Histogram<'outcome'>;
  private readonly breakers: Gauge<'endpoint'>;
  private readonly deferrals: Counter<'reason'>;
  private readonly drops: Counter<'reason'>;
  private readonly deadLetters: Counter<'reason'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
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
    this.breakers = new Gauge({
      name: 'herald_breaker_state',
      help: 'Circuit breaker per endpoint in this replica: 0 closed, 1 half-open, 2 open',
      labelNames: ['endpoint'],
      registers,
    });
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
    this.breakers.set({ endpoint: endpointId }, BREAKER_VALUES[state]);
  }

  forgetBreaker(endpointId: string): void {
    this.breakers.remove({ endpoint: endpointId });
  }
}
