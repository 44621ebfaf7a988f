import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { deliveryTaskId, type DeliveryTask, type EndpointView } from '@herald/contracts';
import { JetStreamContext, nak, Publisher, term, type Disposition } from '@herald/messaging';
import { RegistryView } from '@herald/registry-view';
import { BREAKER_OPEN, EndpointBreakers } from '../breaker/endpoint-breakers.js';
import { WebhookSender } from '../http/webhook-sender.js';
import { DispatcherMetrics } from '../metrics/dispatcher-metrics.js';
import { CLOCK, RANDOM, type Clock, type Random } from '../seams.js';
import { admit } from './admission.js';
import { DELIVERY_POLICY, type DeliveryPolicy } from './delivery-policy.js';
import { planAfterAttempt } from './retry-plan.js';

/** How often a long send tells JetStream it is still working (well under the ack wait). */
export const HEARTBEAT_MS = 10_000;

/**
 * Consumes `deliver.v1`: one HTTP attempt per task. Invariants: the task is
 * acked (by returning) only after its attempt outcome — and its next task,
 * when it will be retried — are stored in JetStream; a publish error is
 * thrown so the transport naks and the attempt repeats (at least once);
 * deferrals (disabled endpoint, open breaker, `notBefore` in the future) nak
 * the task unchanged, so they neither publish an outcome nor spend an attempt.
 */
@Controller()
export class DeliveriesHandler {
  private readonly logger = new Logger(DeliveriesHandler.name);

  constructor(
    private readonly registry: RegistryView,
    private readonly sender: WebhookSender,
    private readonly breakers: EndpointBreakers,
    private readonly publisher: Publisher,
    private readonly metrics: DispatcherMetrics,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM) private readonly random: Random,
  ) {}

  @EventPattern<string>('deliver.v1')
  async deliver(
    @Payload() task: DeliveryTask,
    @Ctx() ctx: JetStreamContext,
  ): Promise<Disposition | void> {
    const endpoint = this.registry.endpoint(task.endpointId);
    const admission = admit(task, endpoint, this.clock.now(), this.policy.admission);
    switch (admission.action) {
      case 'drop':
        this.logger.warn(`dropping delivery ${deliveryTaskId(task)}: ${admission.reason}`);
        this.metrics.dropped(admission.reason);
        if (admission.reason === 'endpoint_deleted') this.breakers.forget(task.endpointId);
        return term(admission.reason.replace('_', ' '));
      case 'defer':
        this.metrics.deferred(admission.reason);
        return nak(admission.delayMs);
      case 'send':
        return this.attempt(task, admission.endpoint, ctx);
    }
  }

  private async attempt(
    task: DeliveryTask,
    endpoint: EndpointView,
    ctx: JetStreamContext,
  ): Promise<Disposition | void> {
    const heartbeat = setInterval(() => ctx.working(), HEARTBEAT_MS);
    let result;
    try {
      result = await this.breakers.run(endpoint, () => this.sender.send(endpoint, task));
    } finally {
      clearInterval(heartbeat);
    }
    if (result === BREAKER_OPEN) {
      this.metrics.deferred('breaker_open');
      return nak(this.breakers.retryAfterMs);
    }
    const plan = planAfterAttempt(task, result, this.clock.now(), this.policy.retry, this.random);
    if (plan.retry) {
      await this.publisher.publish(
        'deliver.v1',
        task.endpointId,
        plan.retry,
        deliveryTaskId(plan.retry),
      );
    }
    await this.publisher.publish(
      'attempt.v1',
      task.endpointId,
      plan.outcome,
      plan.outcome.attemptId,
    );
    this.metrics.attempt(plan.outcome);
    if (plan.outcome.final && plan.outcome.outcome === 'failure') {
      this.logger.warn(
        `delivery ${plan.outcome.attemptId} failed for good (${plan.outcome.reason}): ${
          plan.outcome.error ?? ''
        }`,
      );
    }
  }
}
