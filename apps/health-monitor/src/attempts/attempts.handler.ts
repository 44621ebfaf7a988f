import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { outcomesOf, type AttemptMessage, type AttemptOutcome } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { alertsFor } from '../alerts/outcome-alerts.js';
import { PolicyRunner } from '../enforcement/policy-runner.js';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { WindowKeeper } from '../windows/window-keeper.js';
import { AttemptWriter } from './attempt-writer.js';
import { DeliveryMetrics } from './delivery-metrics.js';

/**
 * Consumes `attempt.v1`. Invariants: an outcome is stored once however often
 * it is delivered (batched with others, committed before this returns);
 * metrics, the health windows, the failure streak and the pause window count
 * only the first storage; its alerts (`delivery.failing`,
 * `delivery.exhausted`, `endpoint.disabled` for a 410) and whatever the
 * policies decide (warnings, disable, recovery, pause) are durable in
 * JetStream before this returns (the transport acks after). Alerts derived
 * from the outcome alone are re-published on every delivery of it, even a
 * duplicate: a crash between insert and publish must not lose them, and
 * their stable ids let JetStream and alerting de-duplicate the rest.
 */
@Controller()
export class AttemptsHandler {
  constructor(
    private readonly writer: AttemptWriter,
    private readonly metrics: DeliveryMetrics,
    private readonly publisher: Publisher,
    private readonly windows: WindowKeeper,
    private readonly policies: PolicyRunner,
    @Inject(HEALTH_SETTINGS) private readonly settings: HealthSettings,
  ) {}

  /**
   * One outcome, or a batch of one partition's outcomes: all are handed to
   * the attempt writer at once (one statement), then each is observed in
   * the order it was published. Each outcome is handled as if it were
   * alone: one that fails does not stop the others (they are stored and
   * observed, so a redelivery finds them duplicates having counted them);
   * the message is acked only after every outcome in it is stored and its
   * follow-ups are durable, else the first failure redelivers it.
   */
  @EventPattern<string>('attempt.v1')
  async handle(@Payload() message: AttemptMessage): Promise<void> {
    const outcomes = outcomesOf(message);
    const stored = await Promise.allSettled(outcomes.map((o) => this.writer.record(o)));
    let failure: { error: unknown } | null = null;
    for (const [i, outcome] of outcomes.entries()) {
      const result = stored[i]!;
      try {
        if (result.status === 'rejected') throw result.reason;
        await this.observe(outcome, result.value);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  private async observe(outcome: AttemptOutcome, inserted: boolean): Promise<void> {
    if (inserted) {
      this.metrics.observe(outcome);
      this.windows.observe(outcome);
    }
    const settings = { failingAfterAttempts: this.settings.failingAfterAttempts };
    for (const alert of alertsFor(outcome, settings)) {
      await this.publisher.publish('alert.v1', alert.kind, alert, alert.alertId);
      if (alert.kind !== 'test') await this.policies.raised(alert);
    }
    await this.policies.observe(outcome, inserted);
  }
}
