import { createHash } from 'node:crypto';
import { Semaphore } from './semaphore.js';

export interface GroupCommitSettings<T> {
  /** Most items in one message (counted by `weightOf`). */
  maxBatch: number;
  /**
   * What an item counts for against `maxBatch` (an item standing for several,
   * such as an event's tasks to several endpoints); 1 when absent. An item
   * heavier than `maxBatch` goes alone.
   */
  weightOf?: (item: T) => number;
  /** Most bytes of item JSON in one message (an item larger than this goes alone). */
  maxBatchBytes: number;
  /** The lane an item waits in: one publish per lane is under way at a time. */
  laneOf: (item: T) => number;
  /** The item's own de-duplication id: a batch's id is a digest of its items' ids. */
  idOf: (item: T) => string;
  /** The batch's JSON is `{"<field>": [item, …]}`. */
  field: string;
  /** A batch's `Nats-Msg-Id` is `<idPrefix>:<sha-256 of its items' ids>`. */
  idPrefix: string;
  /**
   * Bytes of item JSON waiting across lanes (not yet in a publish) beyond
   * which `publish` holds a new item back, unserialised, until some are
   * taken; one item is always taken when none waits. Unbounded when absent.
   */
  maxWaitingBytes?: number;
  /**
   * Publishes under way at once across all lanes; a lane whose turn has not
   * come keeps gathering items meanwhile, so its next message carries more.
   * One lane still has at most one. Unbounded (one per lane) when absent.
   */
  maxPublishing?: number;
}

/** Where messages go: JetStream in a service, a fake in unit tests. Each resolves on the PubAck. */
export interface GroupCommitSink<T> {
  /** One item alone, as if there were no batching; `json` is the item serialised. */
  one(item: T, json: string): Promise<unknown>;
  /** A batch already in JSON, for the lane's batch subject. */
  batch(lane: number, json: string, msgId: string): Promise<unknown>;
}

/** An item held back by `maxWaitingBytes`, not serialised yet. */
interface HeldBack<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Pending<T> {
  item: T;
  json: string;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One lane's items waiting for, or riding on, a publish. */
class Lane<T> {
  waiting: Pending<T>[] = [];
  publishing = false;
  scheduled = false;

  constructor(readonly id: number) {}
}

/**
 * Publishes items group-committed per lane: an item that arrives while its
 * lane's previous publish awaits its PubAck rides on the next one, so a busy
 * lane costs one JetStream message (one publish, one PubAck, one consumer
 * delivery and one ack downstream) per batch instead of per item. A lone
 * item is published at once, alone, exactly as without batching; there is
 * no linger timer. With `maxPublishing`, lanes also take turns: a busy
 * lane's items gather while other lanes' publishes are under way, so the
 * batches grow with the load and an idle publisher still sends at once.
 * Invariants: `publish` resolves only once JetStream has stored a message
 * holding the item; a failed publish rejects every item in it and passes
 * the turn on; one lane has one publish under way at a time, so its batches
 * keep the order items arrived in; a batch is bounded by `maxBatch` and
 * `maxBatchBytes`; the items waiting for a publish by `maxWaitingBytes` (plus
 * one item), so a fan-out to thousands of endpoints does not serialise them
 * all at once: the rest wait as the caller's objects, in arrival order. A
 * batch's `Nats-Msg-Id` is a digest of its items' ids, so a batch that
 * differs from an earlier one is never dropped as its duplicate.
 */
export class GroupCommit<T> {
  private readonly lanes = new Map<number, Lane<T>>();
  /** Items held back by `maxWaitingBytes`, oldest first from `heldHead` (a queue without `shift`). */
  private heldBack: HeldBack<T>[] = [];
  private heldHead = 0;
  private waitingBytes = 0;
  /** Turns to publish across lanes, first come first served; absent when unbounded. */
  private readonly turns: Semaphore | undefined;

  constructor(
    private readonly sink: GroupCommitSink<T>,
    private readonly settings: GroupCommitSettings<T>,
  ) {
    const max = settings.maxPublishing;
    if (max !== undefined && !(max >= 1)) throw new RangeError('maxPublishing must be at least 1');
    this.turns = max === undefined || max === Infinity ? undefined : new Semaphore(max);
  }

  publish(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.heldHead < this.heldBack.length || !this.hasRoom()) {
        this.heldBack.push({ item, resolve, reject });
      } else this.enqueue(item, resolve, reject);
    });
  }

  private hasRoom(): boolean {
    const max = this.settings.maxWaitingBytes ?? Infinity;
    return this.waitingBytes === 0 || this.waitingBytes < max;
  }

  /** Serialises the item into its lane's waiting list. */
  private enqueue(item: T, resolve: () => void, reject: (error: unknown) => void): void {
    let json: string;
    try {
      json = JSON.stringify(item);
    } catch (error) {
      reject(error);
      return;
    }
    const id = this.settings.laneOf(item);
    let lane = this.lanes.get(id);
    if (!lane) this.lanes.set(id, (lane = new Lane<T>(id)));
    const bytes = Buffer.byteLength(json);
    lane.waiting.push({ item, json, bytes, resolve, reject });
    this.waitingBytes += bytes;
    this.schedule(lane);
  }

  /** Lets items held back in while there is room. */
  private admitHeldBack(): void {
    while (this.heldHead < this.heldBack.length && this.hasRoom()) {
      const next = this.heldBack[this.heldHead]!;
      this.heldHead += 1;
      this.enqueue(next.item, next.resolve, next.reject);
    }
    if (this.heldHead > 0 && this.heldHead === this.heldBack.length) {
      this.heldBack = [];
      this.heldHead = 0;
    } else if (this.heldHead > 1024) {
      this.heldBack = this.heldBack.slice(this.heldHead);
      this.heldHead = 0;
    }
  }

  /** Publishes in the next turn, gathering every item that arrives in this one. */
  private schedule(lane: Lane<T>): void {
    if (lane.publishing || lane.scheduled) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      void this.flush(lane);
    });
  }

  private async flush(lane: Lane<T>): Promise<void> {
    if (lane.publishing) return;
    lane.publishing = true;
    try {
      while (lane.waiting.length > 0) {
        // Taken only once the lane's turn comes: what arrived meanwhile rides along.
        if (this.turns) await this.turns.acquire();
        const batch = this.take(lane);
        this.admitHeldBack();
        try {
          await this.send(lane.id, batch);
          for (const pending of batch) pending.resolve();
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        } finally {
          this.turns?.release();
        }
      }
    } finally {
      lane.publishing = false;
    }
  }

  /** The oldest waiting items that fit one message (always at least one). */
  private take(lane: Lane<T>): Pending<T>[] {
    const { maxBatch, maxBatchBytes, weightOf } = this.settings;
    let count = 0;
    let weight = 0;
    let bytes = 0;
    for (const pending of lane.waiting) {
      const itemWeight = weightOf ? weightOf(pending.item) : 1;
      if (count > 0 && (weight + itemWeight > maxBatch || bytes + pending.bytes > maxBatchBytes)) {
        break;
      }
      count += 1;
      weight += itemWeight;
      bytes += pending.bytes;
    }
    this.waitingBytes -= bytes;
    return lane.waiting.splice(0, count);
  }

  private send(lane: number, batch: Pending<T>[]): Promise<unknown> {
    if (batch.length === 1) return this.sink.one(batch[0]!.item, batch[0]!.json);
    const { field, idPrefix, idOf } = this.settings;
    const json = `{"${field}":[${batch.map((p) => p.json).join(',')}]}`;
    const msgId = batchMessageId(
      idPrefix,
      batch.map((pending) => idOf(pending.item)),
    );
    return this.sink.batch(lane, json, msgId);
  }
}

/** A batch's `Nats-Msg-Id`: `<prefix>:<sha-256 of its items' ids, each followed by a newline>`. */
export function batchMessageId(prefix: string, ids: Iterable<string>): string {
  // One update of the whole text: an update per id crosses into the hash twice per item.
  let text = '';
  for (const id of ids) text += `${id}\n`;
  return `${prefix}:${createHash('sha256').update(text).digest('hex')}`;
}
