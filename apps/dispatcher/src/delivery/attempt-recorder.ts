import { Injectable, Logger } from '@nestjs/common';
import { deliveryTaskId, type DeliveryTask } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import type { DeadLetterReason } from '../dead-letters/dead-letter-reason.js';
import { DeadLetterStore } from '../dead-letters/dead-letter.store.js';
import { DispatcherMetrics } from '../metrics/dispatcher-metrics.js';
import { OutcomeBatches } from './outcome-batches.js';
import type { AttemptPlan } from './retry-plan.js';

/**
 * Makes everything that follows an attempt durable, before the task is acked:
 * the next task (a retry), the attempt outcome (batched with other
 * outcomes of its health partition, `OutcomeBatches`), the dead letter, and the
 * command that disables an endpoint that answered 410. Every write is
 * idempotent (JetStream de-duplication ids, an upsert for the dead letter), so
 * a redelivered task that repeats them changes nothing. Any failure throws:
 * the transport naks and the whole step repeats.
 */
@Injectable()
export class AttemptRecorder {
  private readonly logger = new Logger(AttemptRecorder.name);

  constructor(
    private readonly publisher: Publisher,
    private readonly outcomes: OutcomeBatches,
    private readonly deadLetters: DeadLetterStore,
    private readonly metrics: DispatcherMetrics,
  ) {}

  async record(task: DeliveryTask, plan: AttemptPlan): Promise<void> {
    const { outcome, retry } = plan;
    // Both must be durable before the ack; neither depends on the other.
    await Promise.all([
      retry && this.publisher.publish('deliver.v1', task.endpointId, retry, deliveryTaskId(retry)),
      this.outcomes.publish(outcome),
    ]);
    this.metrics.attempt(outcome);
    if (plan.disableEndpoint) {
      await this.publisher.publish(
        'endpoint-control.v1',
        task.endpointId,
        {
          commandId: `${outcome.attemptId}:disable`,
          endpointId: task.endpointId,
          tenantId: task.tenantId,
          action: 'disable',
          reason: 'endpoint_gone',
          statusCode: outcome.statusCode,
          at: outcome.at,
        },
        `${outcome.attemptId}:disable`,
      );
    }
    if (plan.deadLetter) {
      await this.deadLetter(task, plan.deadLetter, plan);
      this.logger.warn(
        `delivery ${outcome.attemptId} failed for good (${outcome.reason}): ${outcome.error ?? ''}`,
      );
    }
  }

  /** A chain that gives up without an attempt: its hold expired, or its endpoint never appeared. */
  async expired(
    task: DeliveryTask,
    reason: 'hold_expired' | 'endpoint_unknown' = 'hold_expired',
  ): Promise<void> {
    await this.deadLetter(task, reason, null);
    this.logger.warn(
      reason === 'hold_expired'
        ? `delivery ${deliveryTaskId(task)} held too long for a disabled endpoint`
        : `delivery ${deliveryTaskId(task)}: endpoint ${task.endpointId} unknown after the grace`,
    );
  }

  private async deadLetter(
    task: DeliveryTask,
    reason: DeadLetterReason,
    plan: AttemptPlan | null,
  ): Promise<void> {
    await this.deadLetters.record({ task, reason, lastOutcome: plan?.outcome ?? null });
    this.metrics.deadLettered(reason);
  }
}
