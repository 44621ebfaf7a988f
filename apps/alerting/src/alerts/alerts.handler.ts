import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AlertSignal } from '@herald/contracts';
import { JetStreamContext, TransientMessageError } from '@herald/messaging';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import { CLOCK, type Clock } from '@herald/runtime';
import type { Destination } from '../destinations/destination.js';
import { alertBody } from './alert-body.js';
import { AlertMetrics } from './alert-metrics.js';
import { AlertRedactor } from './alert-redactor.js';
import { AlertSender } from './alert-sender.js';
import { AlertStore, type Plan } from './alert-store.js';

/**
 * Consumes `alert.v1`. Invariants: every signal is stored, routed and
 * checked against the suppression window once, before anything is sent; a
 * destination that accepted the alert is never sent it again; a failed POST
 * is recorded and thrown as transient, so the transport naks with back-off
 * and the alert is retried — for the destinations still pending only —
 * until they take it or HERALD_ALERT_MAX_AGE has passed (a `test` alert is
 * tried once: its caller wants the answer now). Every body is scrubbed of
 * the secrets Herald knows before it leaves. (A crash between a successful
 * POST and recording it resends once; the stable `id` lets the destination
 * de-duplicate.)
 */
@Controller()
export class AlertsHandler {
  private readonly logger = new Logger(AlertsHandler.name);

  constructor(
    private readonly store: AlertStore,
    private readonly sender: AlertSender,
    private readonly redactor: AlertRedactor,
    private readonly metrics: AlertMetrics,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern<string>('alert.v1')
  async handle(@Payload() signal: AlertSignal, @Ctx() ctx?: JetStreamContext): Promise<void> {
    const window = this.config.HERALD_ALERT_SUPPRESSION_WINDOW;
    const plan = await this.store.plan(signal, window);
    if (plan.status !== 'pending') {
      if (plan.fresh && (plan.status === 'skipped' || plan.status === 'suppressed')) {
        this.metrics.count(signal.kind, plan.status);
      }
      return;
    }
    const raisedAt = raisedAtOf(ctx) ?? Date.parse(signal.occurredAt);
    const failures = await this.deliver(signal, plan, raisedAt);
    await this.store.settle(signal.alertId);
    if (failures.length > 0) {
      throw new TransientMessageError(
        'alert_not_delivered',
        `alert ${signal.alertId} (${signal.kind}) not delivered: ${failures.join('; ')}`,
      );
    }
  }

  /** POSTs to every pending destination; returns the failures still worth retrying. */
  private async deliver(
    signal: AlertSignal,
    plan: Extract<Plan, { status: 'pending' }>,
    raisedAt: number,
  ): Promise<string[]> {
    const expired = this.clock.now() - plan.createdAt >= this.config.HERALD_ALERT_MAX_AGE;
    // Destinations are served at once, so a slow one never delays another.
    const outcomes = await Promise.all(
      plan.deliveries.map(({ destination }) =>
        this.deliverTo(signal, plan, destination, expired, raisedAt),
      ),
    );
    return outcomes.filter((failure): failure is string => failure !== null);
  }

  /** One destination: skip, give up, or POST and record; the failure to retry, else null. */
  private async deliverTo(
    signal: AlertSignal,
    plan: Extract<Plan, { status: 'pending' }>,
    destination: Destination,
    expired: boolean,
    raisedAt: number,
  ): Promise<string | null> {
    const { alertId } = signal;
    if (!destination.enabled) {
      await this.store.finish(alertId, destination.id, 'skipped', null);
      return null;
    }
    if (expired) {
      // The delivery keeps the destination's last error; `failed` says it was given up.
      await this.store.finish(alertId, destination.id, 'failed', null);
      this.metrics.count(signal.kind, 'gave_up');
      this.logger.warn(
        `gave up alert ${alertId} (${signal.kind}) for destination ${destination.id}`,
      );
      return null;
    }
    const body = this.redactor.redact(
      alertBody(signal, {
        apiBaseUrl: this.config.HERALD_PUBLIC_API_URL ?? null,
        suppressedBefore: plan.suppressedBefore,
        suppressionWindowMs: this.config.HERALD_ALERT_SUPPRESSION_WINDOW,
      }),
      signal,
      destination,
    );
    const result = await this.sender.send(destination, body);
    if (result.delivered) {
      await this.store.delivered(alertId, destination.id, result.statusCode);
      this.metrics.count(signal.kind, 'sent');
      this.metrics.delivered(signal.kind, (this.clock.now() - raisedAt) / 1_000);
      return null;
    }
    await this.store.attemptFailed(alertId, destination.id, result.error, result.statusCode);
    this.metrics.count(signal.kind, 'failed');
    if (signal.kind === 'test') {
      await this.store.finish(alertId, destination.id, 'failed', null);
      return null;
    }
    return `destination ${destination.id}: ${result.error}`;
  }
}

/** When the signal was published on alert.v1 (epoch ms), from JetStream's own timestamp. */
function raisedAtOf(ctx: JetStreamContext | undefined): number | null {
  const nanos = ctx?.message.info.timestampNanos;
  return nanos === undefined ? null : Math.floor(Number(nanos) / 1_000_000);
}
