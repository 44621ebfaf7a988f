import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { AttemptOutcome } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { alertsFor } from '../alerts/outcome-alerts.js';
import { PauseService } from '../pause/pause.service.js';
import { AttemptLog } from './attempt-log.js';
import { DeliveryMetrics } from './delivery-metrics.js';

/**
 * Consumes `attempt.v1`. Invariants: an outcome is stored once however often
 * it is delivered; metrics and the pause window count only the first storage;
 * its alerts (`delivery.exhausted` for a final failure, `endpoint.disabled`
 * for a 410) and any pause it causes are durable in JetStream before this
 * returns (the transport acks after). Alerts are re-published on every
 * delivery of the outcome, even a duplicate: a crash between insert and
 * publish must not lose them, and their stable ids let JetStream and alerting
 * de-duplicate the rest.
 */
@Controller()
export class AttemptsHandler {
  constructor(
    private readonly log: AttemptLog,
    private readonly metrics: DeliveryMetrics,
    private readonly publisher: Publisher,
    private readonly pause: PauseService,
  ) {}

  @EventPattern<string>('attempt.v1')
  async handle(@Payload() outcome: AttemptOutcome): Promise<void> {
    const inserted = await this.log.record(outcome);
    if (inserted) this.metrics.observe(outcome);
    for (const alert of alertsFor(outcome)) {
      await this.publisher.publish('alert.v1', alert.kind, alert, alert.alertId);
    }
    await this.pause.observe(outcome, inserted);
  }
}
