import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { AttemptOutcome } from '@herald/contracts';
import { METRICS_REGISTRY } from '@herald/observability';

/** Seconds; from a fast local receiver (5 ms) to the longest sensible webhook timeout (30 s). */
export const DELIVERY_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/**
 * Delivery metrics, counted once per stored attempt (the caller observes only
 * newly inserted outcomes, so redeliveries never double-count). Labels are
 * bounded enums — no endpoint or tenant ids, which would explode cardinality.
 */
@Injectable()
export class DeliveryMetrics {
  private readonly attempts: Counter<'outcome' | 'reason'>;
  private readonly duration: Histogram<'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.attempts = new Counter({
      name: 'herald_delivery_attempts_total',
      help: 'Webhook delivery attempts, by outcome (success|failure) and reason',
      labelNames: ['outcome', 'reason'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'herald_delivery_duration_seconds',
      help: 'Duration of webhook delivery attempts, by outcome',
      labelNames: ['outcome'],
      buckets: DELIVERY_DURATION_BUCKETS,
      registers: [registry],
    });
  }

  observe(outcome: AttemptOutcome): void {
    this.attempts.inc({ outcome: outcome.outcome, reason: outcome.reason });
    this.duration.observe({ outcome: outcome.outcome }, outcome.latencyMs / 1_000);
  }
}
