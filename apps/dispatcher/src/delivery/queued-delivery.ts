import type { DeliveryTask } from '@herald/contracts';
import {
  activeTrace,
  runInTrace,
  type Disposition,
  type JetStreamContext,
} from '@herald/messaging';
import { SchedulerClosed, type SchedulerJob } from '../actors/delivery-scheduler.js';

/** How a delivery ended: the disposition of its message, or what its attempt threw. */
export type DeliveryOutcome = { disposition: Disposition | void } | { error: unknown };

/** What runs a queued delivery's attempt when its endpoint's turn comes. */
export interface AttemptRunner {
  attempt(task: DeliveryTask): Promise<Disposition | void>;
  /** The disposition of a task handed back because the replica is shutting down. */
  shuttingDown(task: DeliveryTask): Disposition;
}

/** Who learns when a delivery frees its consumer slot and when it is done. */
export interface DeliveryOwner {
  /** The task no longer needs its slot (it waits in its endpoint's mailbox, or it is done). */
  released(delivery: QueuedDelivery): void;
  /** The task is done; called once. */
  settled(delivery: QueuedDelivery, outcome: DeliveryOutcome): void;
}

/**
 * One delivery task from the moment it is admitted until it is done: while it
 * waits in its endpoint's mailbox it is only this record (the task, its owner
 * and the trace it came in), not a suspended async chain, so a replica holding
 * thousands of queued tasks holds thousands of small records (ADR 0112). The
 * scheduler starts it; its outcome goes to its owner, which settles the
 * message it came in.
 */
export class QueuedDelivery implements SchedulerJob {
  readonly bytes: number;
  /** The trace the task arrived in: its attempt joins it. */
  private readonly trace = activeTrace();
  private holdsSlot = true;
  private done = false;

  constructor(
    readonly task: DeliveryTask,
    private readonly runner: AttemptRunner,
    private readonly owner: DeliveryOwner,
  ) {
    this.bytes = task.payload.length;
  }

  start(): Promise<void> {
    return runInTrace(this.trace, attemptOf, undefined, this.runner, this.task).then(
      (disposition) => this.settle({ disposition }),
      (error: unknown) => this.settle({ error }),
    );
  }

  cancel(error: Error): void {
    this.settle(
      error instanceof SchedulerClosed
        ? { disposition: this.runner.shuttingDown(this.task) }
        : { error },
    );
  }

  /** Frees the task's consumer slot; idempotent. */
  release(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.owner.released(this);
  }

  /** Ends the task: its slot is freed, and its owner told once. */
  settle(outcome: DeliveryOutcome): void {
    if (this.done) return;
    this.done = true;
    this.release();
    this.owner.settled(this, outcome);
  }
}

function attemptOf(runner: AttemptRunner, task: DeliveryTask) {
  return runner.attempt(task);
}

/** The owner of a task that came alone: its handler awaits `result`. */
export class LoneDelivery implements DeliveryOwner {
  readonly result: Promise<Disposition | void>;
  private resolve!: (disposition: Disposition | void) => void;
  private reject!: (error: unknown) => void;

  constructor() {
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** The transport frees a lone message's slot when it settles it. */
  released(): void {}

  settled(_delivery: QueuedDelivery, outcome: DeliveryOutcome): void {
    if ('error' in outcome) this.reject(outcome.error);
    else this.resolve(outcome.disposition);
  }
}

/** What a batch's tasks need from their handler beyond their attempts. */
export interface BatchServices {
  /** Frees one task's admission turn. */
  turnFreed(): void;
  /** Publishes a task again alone (it was put back, or failed in the batch). */
  publishAlone(task: DeliveryTask, error: unknown): Promise<void>;
}

/**
 * The owner of a batch's tasks (ADR 0094): it frees the batch's consumer slot
 * once every task freed its own, and `done` resolves once every task is done
 * or published again alone, so the batch is acked only then; it rejects if a
 * publish fails, so the batch is redelivered (at least once).
 */
export class BatchRun implements DeliveryOwner {
  readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: unknown) => void;
  private unreleased: number;
  private pending: number;

  constructor(
    private readonly ctx: JetStreamContext,
    count: number,
    private readonly services: BatchServices,
  ) {
    this.unreleased = count;
    this.pending = count;
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A publish may fail while the batch's handler is still admitting tasks;
    // it awaits `done` afterwards, and must not crash the process before that.
    this.done.catch(() => undefined);
    if (count === 0) {
      ctx.release();
      this.resolve();
    }
  }

  released(): void {
    this.services.turnFreed();
    this.unreleased -= 1;
    if (this.unreleased === 0) this.ctx.release();
  }

  settled(delivery: QueuedDelivery, outcome: DeliveryOutcome): void {
    const putBack = 'error' in outcome || outcome.disposition?.action === 'nak';
    if (!putBack) return this.oneDone();
    const error = 'error' in outcome ? outcome.error : undefined;
    this.services.publishAlone(delivery.task, error).then(
      () => this.oneDone(),
      (publishError: unknown) => this.reject(publishError),
    );
  }

  private oneDone(): void {
    this.pending -= 1;
    if (this.pending === 0) this.resolve();
  }
}
