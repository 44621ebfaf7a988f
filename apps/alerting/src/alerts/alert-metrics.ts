import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { AlertKind } from '@herald/contracts';
import { METRICS_REGISTRY } from '@herald/observability';

export type AlertResult = 'sent' | 'failed' | 'skipped';

/**
 * `herald_alerts_sent_total{kind,result}`: one `sent` or `skipped` per alert,
 * one `failed` per unsuccessful POST (an alert retried three times before
 * succeeding counts failed 3, sent 1). Both labels are small enums.
 */
@Injectable()
export class AlertMetrics {
  private readonly sent: Counter<'kind' | 'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.sent = new Counter({
      name: 'herald_alerts_sent_total',
      help: 'Operator alerts by kind and result (sent, failed attempt, skipped for want of a destination)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    });
  }

  count(kind: AlertKind, result: AlertResult): void {
    this.sent.inc({ kind, result });
  }
}
