import { createHash } from 'node:crypto';
import { ATTEMPT_BATCH_TOKEN, partitionOf, type AttemptOutcome } from '@herald/contracts';

export interface OutcomeBatchSettings {
  /** Most outcomes in one message. */
  maxBatch: number;
  /** Most bytes of outcome JSON in one message (an outcome larger than this goes alone). */
  maxBatchBytes: number;
}

/** Where batches go: JetStream in the service, a fake in unit tests. Each resolves on the PubAck. */
export interface OutcomeSink {
  /** One outcome, on its endpoint's subject, de-duplicated by its attempt id. */
  one(outcome: AttemptOutcome): Promise<unknown>;
  /** An `AttemptBatch` already in JSON, on `<ns>.attempt.v1.<partition>.batch`. */
  batch(partition: number, json: string, msgId: string): Promise<unknown>;
}

interface Pending {
  outcome: AttemptOutcome;
  json: string;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One health partition's outcomes waiting for, or riding on, a publish. */
class Lane {
  waiting: Pending[] = [];
  publishing = false;
  scheduled = false;

  constructor(readonly partition: number) {}
}

/**
 * Publishes attempt outcomes group-committed per health partition: an
 * outcome that finishes while its partition's previous publish awaits its
 * PubAck rides on the next one, so a busy partition costs one JetStream
 * message (one publish, one PubAck, one consumer delivery and one ack in the
 * health-monitor) per batch instead of per attempt. A lone outcome is
 * published at once, alone, on its endpoint's subject, exactly as before.
 * Invariants: `publish` resolves only once JetStream has stored a message
 * holding the outcome (the caller acks its task after); a failed publish
 * rejects every outcome in it, and each caller's task is redelivered; one
 * partition has one publish under way at a time, so its batches keep the
 * order outcomes finished in; a batch is bounded by `maxBatch` and
 * `maxBatchBytes`. The batch's `Nats-Msg-Id` is a digest of its attempt
 * ids, so a batch that differs from an earlier one is never dropped as its
 * duplicate; the health-monitor's attempt ids absorb repeated outcomes.
 */
export class OutcomeBatches {
  private readonly lanes = new Map<number, Lane>();

  constructor(
    private readonly sink: OutcomeSink,
    private readonly settings: OutcomeBatchSettings,
  ) {}

  publish(outcome: AttemptOutcome): Promise<void> {
    const json = JSON.stringify(outcome);
    const partition = partitionOf(outcome.endpointId);
    let lane = this.lanes.get(partition);
    if (!lane) this.lanes.set(partition, (lane = new Lane(partition)));
    const waiting = lane;
    return new Promise<void>((resolve, reject) => {
      waiting.waiting.push({ outcome, json, bytes: Buffer.byteLength(json), resolve, reject });
      this.schedule(waiting);
    });
  }

  /** Publishes in the next turn, gathering every outcome that finishes in this one. */
  private schedule(lane: Lane): void {
    if (lane.publishing || lane.scheduled) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      void this.flush(lane);
    });
  }

  private async flush(lane: Lane): Promise<void> {
    if (lane.publishing) return;
    lane.publishing = true;
    try {
      while (lane.waiting.length > 0) {
        const batch = this.take(lane);
        try {
          await this.send(lane.partition, batch);
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      lane.publishing = false;
    }
  }

  /** The oldest waiting outcomes that fit one message (always at least one). */
  private take(lane: Lane): Pending[] {
    const { maxBatch, maxBatchBytes } = this.settings;
    let count = 0;
    let bytes = 0;
    for (const pending of lane.waiting) {
      if (count === maxBatch || (count > 0 && bytes + pending.bytes > maxBatchBytes)) break;
      count += 1;
      bytes += pending.bytes;
    }
    return lane.waiting.splice(0, count);
  }

  private send(partition: number, batch: Pending[]): Promise<unknown> {
    if (batch.length === 1) return this.sink.one(batch[0]!.outcome);
    const json = `{"outcomes":[${batch.map((p) => p.json).join(',')}]}`;
    const digest = createHash('sha256');
    for (const pending of batch) digest.update(pending.outcome.attemptId).update('\n');
    return this.sink.batch(partition, json, `${ATTEMPT_BATCH_TOKEN}:${digest.digest('hex')}`);
  }
}
