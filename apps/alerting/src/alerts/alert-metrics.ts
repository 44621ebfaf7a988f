import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { AlertKind } from '@herald/contracts';
import { METRICS_REGISTRY } from '@herald/observability';

/**
 * - `sent`: a POST a destination accepted (one per destination);
 * - `failed`: a POST that failed (the alert is retried);
 * - `gave_up`: a destination still refusing after HERALD_ALERT_MAX_AGE;
 * - `skipped`: an alert no enabled destination wanted;
 * - `suppressed`: an alert held back by the suppression window (or a
 *   resolved notice with nothing to resolve).
 */
export type AlertResult = 'sent' | 'failed' | 'gave_up' | 'skipped' | 'suppressed';

/**
 * `herald_alerts_sent_total{kind,result}` and
 * `herald_alert_delivery_seconds{kind}` (from the moment the signal was
 * published on alert.v1 to the destination's 2xx). Labels are small enums.
 */
@Injectable()
export class AlertMetrics {
  private readonly sent: Counter<'kind' | 'result'>;
  private readonly latency: Histogram<'kind'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.sent = new Counter({
      name: 'herald_alerts_sent_total',
      help: 'Alert deliveries by kind and result (sent, failed attempt, gave_up, skipped, suppressed)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'herald_alert_delivery_seconds',
      help: 'Time from an alert signal being raised to a destination accepting it',
      labelNames: ['kind'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
  }

  count(kind: AlertKind, result: AlertResult): void {
    this.sent.inc({ kind, result });
  }

  delivered(kind: AlertKind, seconds: number): void {
    this.latency.observe({ kind }, Math.max(0, seconds));
  }
}
