import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  deliveryTaskId,
  eachTask,
  isDeliveryBatch,
  taskCount,
  type DeliveryBatch,
  type DeliveryMessage,
  type DeliveryTask,
  type EndpointView,
} from '@herald/contracts';
import {
  JetStreamContext,
  nak,
  Publisher,
  Semaphore,
  term,
  type Disposition,
} from '@herald/messaging';
import { EndpointStateView, RegistryView } from '@herald/registry-view';
import { DeliveryScheduler } from '../actors/delivery-scheduler.js';
import { BREAKER_OPEN, EndpointBreakers } from '../breaker/endpoint-breakers.js';
import { WebhookSender } from '../http/webhook-sender.js';
import { DispatcherMetrics } from '../metrics/dispatcher-metrics.js';
import { parkingFor } from '../parking/park-decision.js';
import { ParkingLot } from '../parking/parking-lot.js';
import { RejectionReporter } from '../rejections/rejection-reporter.js';
import { CLOCK, RANDOM, type Clock, type Random } from '@herald/runtime';
import { admit, type Admission } from '../admission/admission.js';
import { AttemptRecorder } from './attempt-recorder.js';
import { DELIVERY_POLICY, type DeliveryPolicy } from './delivery-policy.js';
import { FirstSeen } from './first-seen.js';
import { Heartbeats } from './heartbeats.js';
import {
  BatchRun,
  LoneDelivery,
  QueuedDelivery,
  type AttemptRunner,
  type BatchServices,
} from './queued-delivery.js';
import { planAfterAttempt } from './retry-plan.js';

/** How often a waiting or long send tells JetStream it is still working (well under the ack wait). */
export const HEARTBEAT_MS = 10_000;
/**
 * When a task parked as backlog (its tenant's share or its endpoint's mailbox
 * was full) comes back at the latest; the attendant brings it back sooner,
 * as soon as its tenant has room.
 */
const BACKLOG_RECHECK_MS = 60_000;
/** `admitToMailbox`: the delivery waits in its endpoint's mailbox. */
const QUEUED = Symbol('queued');

/**
 * Consumes `deliver.v1`: one HTTP attempt per task, run by the endpoint's
 * actor. Invariants: the consumer slot is released as soon as the task sits
 * in its endpoint's mailbox, so a slow endpoint never holds back another's
 * tasks; the task is acked (by returning) only after everything that follows
 * from its attempt is durable (`AttemptRecorder`); deferrals — disabled or
 * paused endpoint, open breaker, full mailbox, `notBefore` in the future —
 * nak the task unchanged, so they publish nothing and spend no attempt —
 * or, for a wait longer than a few seconds, park it in Postgres and ack (see
 * `parkingFor`), so deferred tasks never pin the consumer's shared ack
 * budget; a task refused because its tenant's share of the replica (or its
 * endpoint's mailbox) is full is parked as backlog at once, and brought back
 * when the tenant has room;
 * admission is decided again when the actor starts the task, because the
 * endpoint may have been paused, disabled or deleted while it waited.
 */
@Controller()
export class DeliveriesHandler {
  private readonly logger = new Logger(DeliveriesHandler.name);
  private readonly firstSeen = new FirstSeen();
  private readonly heartbeats = new Heartbeats(HEARTBEAT_MS);
  /** Admission turns of batched tasks (see `deliverBatch`). */
  private readonly batchTurns: Semaphore;
  /** What a queued delivery calls when its turn comes, or when it is handed back. */
  private readonly runner: AttemptRunner = {
    attempt: (task) => this.attempt(task),
    shuttingDown: (task) => this.defer(task, 'shutting_down', 0),
  };
  private readonly batchServices: BatchServices = {
    turnFreed: () => this.batchTurns.release(),
    publishAlone: (task, error) => this.publishAlone(task, error),
  };

  constructor(
    private readonly registry: RegistryView,
    private readonly states: EndpointStateView,
    private readonly sender: WebhookSender,
    private readonly breakers: EndpointBreakers,
    private readonly scheduler: DeliveryScheduler,
    private readonly recorder: AttemptRecorder,
    private readonly parking: ParkingLot,
    private readonly metrics: DispatcherMetrics,
    private readonly rejections: RejectionReporter,
    @Inject(DELIVERY_POLICY) private readonly policy: DeliveryPolicy,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM) private readonly random: Random,
    private readonly publisher: Publisher,
  ) {
    this.batchTurns = new Semaphore(policy.batchAdmission);
  }

  @EventPattern<string>('deliver.v1')
  async handle(
    @Payload() message: DeliveryMessage,
    @Ctx() ctx: JetStreamContext,
  ): Promise<Disposition | void> {
    if (!isDeliveryBatch(message)) return this.deliver(message, ctx);
    await this.deliverBatch(message, ctx);
  }

  /**
   * A batch from ingest's group commit (ADR 0094): each task runs exactly as
   * if it had come alone (heartbeats extend the batch; the consumer slot is
   * freed once every task gave its own back). A task that would have been
   * put back (a short deferral, a shutdown, a failure) is published again
   * alone, under its own id, and waits there as any task does; the batch is
   * acked once every task is done, dropped or published again. If that
   * publish fails the batch is redelivered and its tasks are tried again: at
   * least once.
   *
   * The tasks take their turns in admission, in order, as single messages
   * take consumer slots (ADR 0095): at most `batchAdmission` tasks of all
   * batches hold a turn at once, so what a replica holds is bounded in tasks
   * as it was in messages, not a hundred times that. A task waiting for its
   * turn is only its decoded object, and a task waiting in its endpoint's
   * mailbox only its record (ADR 0112). A group's task is built when its
   * turn comes, sharing the group's payload (ADR 0106).
   */
  private async deliverBatch(batch: DeliveryBatch, ctx: JetStreamContext): Promise<void> {
    const run = new BatchRun(ctx, taskCount(batch), this.batchServices);
    const beating = this.heartbeats.hold(ctx);
    try {
      for (const task of eachTask(batch)) {
        await this.batchTurns.acquire();
        const delivery = new QueuedDelivery(task, this.runner, run);
        void this.place(delivery, delivery);
      }
      await run.done;
    } finally {
      beating();
    }
  }

  /** A task that came alone: it holds its message's slot until it waits in its mailbox. */
  private async deliver(task: DeliveryTask, ctx: JetStreamContext): Promise<Disposition | void> {
    const lone = new LoneDelivery();
    void this.place(new QueuedDelivery(task, this.runner, lone), ctx);
    const beating = this.heartbeats.hold(ctx);
    try {
      return await lone.result;
    } finally {
      beating();
    }
  }

  /** Admits `delivery` to its endpoint's mailbox, or settles it at once (deferred, parked, dropped). */
  private async place(delivery: QueuedDelivery, slot: { release(): void }): Promise<void> {
    try {
      const placed = await this.admitToMailbox(delivery, slot);
      if (placed !== QUEUED) delivery.settle({ disposition: placed });
    } catch (error) {
      delivery.settle({ error });
    }
  }

  /**
   * Admission, then the endpoint's mailbox: `QUEUED` once the delivery waits
   * there (the scheduler starts it, and it reports to its owner), or the
   * task's disposition when it is settled without one.
   */
  private async admitToMailbox(
    delivery: QueuedDelivery,
    slot: { release(): void },
  ): Promise<Disposition | void | typeof QUEUED> {
    const { task } = delivery;
    const admission = this.admit(task);
    if (admission.action !== 'send') return this.notSent(task, admission);
    const { endpoint } = admission;
    const breakerWait = this.breakers.openFor(endpoint.id);
    if (breakerWait !== null) return this.breakerOpen(task, breakerWait);
    const limits = this.limitsOf(endpoint);
    // A saturated replica (queue or byte limit) takes a task only if it keeps
    // its consumer slot until it is done, so the consumer stops pulling more
    // than the replica can work off; the slots bound such tasks. A task whose
    // endpoint already has a backlog would hold its slot for as long as that
    // backlog takes (a hanging endpoint's: whole timeouts), starving every
    // other endpoint, so it goes back to JetStream instead.
    const holdSlot =
      this.scheduler.saturated && this.scheduler.queuedFor(endpoint.id) < limits.concurrency;
    if (this.scheduler.enqueue(endpoint, limits, delivery, { beyondReplicaLimit: holdSlot })) {
      if (!holdSlot) slot.release();
      return QUEUED;
    }
    // Shutting down: hand the task straight back so another replica takes it.
    if (this.scheduler.closed) return this.defer(task, 'shutting_down', 0);
    // No room for it here: wait in Postgres, not as an unacknowledged message.
    const reason = this.scheduler.tenantFull(task.tenantId, endpoint.id)
      ? 'tenant_full'
      : 'mailbox_full';
    await this.parking.park(task, 'backlog', this.clock.now() + BACKLOG_RECHECK_MS);
    this.metrics.deferred(reason);
  }

  /** Runs when the endpoint's actor gives the task a slot. */
  private async attempt(task: DeliveryTask): Promise<Disposition | void> {
    const admission = this.admit(task);
    if (admission.action !== 'send') return this.notSent(task, admission);
    const { endpoint } = admission;
    const result = await this.breakers.run(endpoint, () => this.sender.send(endpoint, task));
    if (result === BREAKER_OPEN)
      return this.breakerOpen(task, this.breakers.openFor(endpoint.id) ?? 0);
    const retry = {
      scheduleMs: endpoint.retryScheduleMs ?? this.policy.retry.scheduleMs,
      jitter: this.policy.retry.jitter,
    };
    const plan = planAfterAttempt(task, result, this.clock.now(), retry, this.random);
    await this.recorder.record(task, plan);
  }

  /** A batch's task put back (or failed) is published again alone, under its own id. */
  private async publishAlone(task: DeliveryTask, error: unknown): Promise<void> {
    if (error !== undefined) {
      this.logger.warn(
        `delivery ${deliveryTaskId(task)} failed in a batch, published again alone: ${
          (error as Error).message
        }`,
      );
    }
    await this.publisher.publish('deliver.v1', task.endpointId, task, deliveryTaskId(task));
  }

  private admit(task: DeliveryTask): Admission {
    const nowMs = this.clock.now();
    const endpoint = this.registry.endpoint(task.endpointId);
    const taskId = deliveryTaskId(task);
    if (endpoint) this.firstSeen.forget(taskId);
    const facts = {
      endpoint,
      pausedUntil: this.states.pausedUntil(task.endpointId, nowMs),
      nowMs,
      firstSeenMs: endpoint ? nowMs : this.firstSeen.since(taskId, nowMs),
    };
    return admit(task, facts, this.policy.admission);
  }

  private async notSent(
    task: DeliveryTask,
    admission: Exclude<Admission, { action: 'send' }>,
  ): Promise<Disposition | void> {
    switch (admission.action) {
      case 'drop':
        this.logger.warn(`dropping delivery ${deliveryTaskId(task)}: ${admission.reason}`);
        this.metrics.dropped(admission.reason);
        if (admission.reason === 'endpoint_deleted') this.breakers.forget(task.endpointId);
        return term(admission.reason.replace('_', ' '));
      case 'defer':
        return this.deferOrPark(task, admission);
      case 'dead':
        this.firstSeen.forget(deliveryTaskId(task));
        return this.recorder.expired(task, admission.reason);
    }
  }

  /** An open breaker holds the task back until it half-opens (parked when that is more than a moment). */
  private breakerOpen(task: DeliveryTask, waitMs: number): Promise<Disposition | void> {
    const untilMs = this.clock.now() + waitMs;
    return this.deferOrPark(task, {
      action: 'defer',
      reason: 'breaker_open',
      delayMs: waitMs,
      untilMs,
    });
  }

  /** Naks a short wait; parks a long one (committed before the transport acks: never in neither place). */
  private async deferOrPark(
    task: DeliveryTask,
    deferral: Extract<Admission, { action: 'defer' }>,
  ): Promise<Disposition | void> {
    const { parkAfterMs, deferredParkAfterMs } = this.policy;
    const parking = parkingFor(deferral, parkAfterMs, deferredParkAfterMs);
    if (!parking) return this.defer(task, deferral.reason, deferral.delayMs);
    await this.parking.park(task, parking.reason, parking.dueAtMs);
    this.metrics.deferred(deferral.reason);
    if (deferral.reason === 'endpoint_paused' || deferral.reason === 'breaker_open') {
      this.rejections.count(task, deferral.reason);
    }
  }

  /** Puts the task back unchanged; an open breaker or a pause also counts as a rejection. */
  private defer(
    task: DeliveryTask,
    reason: Parameters<DispatcherMetrics['deferred']>[0],
    delayMs: number,
  ) {
    this.metrics.deferred(reason);
    if (reason === 'breaker_open' || reason === 'endpoint_paused') {
      this.rejections.count(task, reason);
    }
    return nak(delayMs);
  }

  private limitsOf(endpoint: EndpointView) {
    return {
      concurrency: endpoint.concurrency ?? this.policy.endpointConcurrency,
      ratePerSecond: endpoint.rateLimitPerSecond,
    };
  }
}
