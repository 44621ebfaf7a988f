import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { AlertSignal } from '@herald/contracts';
import { TransientMessageError } from '@herald/messaging';
import { alertBody } from './alert-body.js';
import { AlertMetrics } from './alert-metrics.js';
import { AlertSender } from './alert-sender.js';
import { AlertStore } from './alert-store.js';

/**
 * Consumes `alert.v1`. Invariants: every signal is stored before anything is
 * sent; an alert already `sent` is acked without a second POST; with no
 * destination the alert is stored as `skipped` and acked; a failed POST is
 * recorded and thrown as transient, so the transport naks with back-off and
 * the alert is retried until the destination takes it — never dropped.
 * (A crash between a successful POST and `markSent` resends once; the body's
 * stable `id` lets the destination de-duplicate.)
 */
@Controller()
export class AlertsHandler {
  constructor(
    private readonly store: AlertStore,
    private readonly sender: AlertSender,
    private readonly metrics: AlertMetrics,
  ) {}

  @EventPattern<string>('alert.v1')
  async handle(@Payload() signal: AlertSignal): Promise<void> {
    const status = await this.store.claim(signal);
    if (status === 'sent') return;
    if (!this.sender.configured) {
      if (await this.store.markSkipped(signal.alertId)) this.metrics.count(signal.kind, 'skipped');
      return;
    }
    const result = await this.sender.send(alertBody(signal));
    if (result.delivered) {
      await this.store.markSent(signal.alertId);
      this.metrics.count(signal.kind, 'sent');
      return;
    }
    await this.store.recordFailure(signal.alertId, result.error);
    this.metrics.count(signal.kind, 'failed');
    throw new TransientMessageError(
      'alert_not_delivered',
      `alert ${signal.alertId} (${signal.kind}) not delivered: ${result.error}`,
    );
  }
}
