import { Logger } from '@nestjs/common';
import { KvWatchInclude, type KV, type KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import type { Registry } from 'prom-client';
import { HEALTH_PARTITIONS } from '@herald/contracts';
import { isWrongLastSequence } from '@herald/messaging';
import { PeriodicJob } from '@herald/runtime';

/** Starts and stops the consumers of one partition (the JetStream transport). */
export interface PartitionConsumers {
  startPartition(partition: number): Promise<void>;
  /** Resolves once the messages in flight are settled. */
  stopPartition(partition: number): Promise<void>;
}

/** What a replica keeps per partition: rebuilt before consuming, dropped after. */
export interface PartitionState {
  /** Several at once: one pass over the log for all the partitions taken in a round. */
  load(partitions: readonly number[]): Promise<void>;
  /** `handedOver`: released in order (write what is due); otherwise lost (just forget). */
  drop(partition: number, handedOver: boolean): Promise<void>;
}

export interface LeaseSettings {
  /** A lease not renewed for this long is free for another replica to take. */
  ttlMs: number;
  /** This replica's name in the bucket (`[A-Za-z0-9_-]`). */
  replicaId: string;
  /** Where the lease job counts its rounds. */
  metrics?: Registry;
}

interface Lease {
  revision: number;
  /** Set while the partition is being loaded and its consumers started. */
  starting: Promise<void> | null;
}

const PARTITION_KEY = (p: number) => `partition.${p}`;
const REPLICA_KEY = (id: string) => `replica.${id}`;

/**
 * Splits the health partitions between the health-monitor replicas, with no
 * coordinator: leases in a KV bucket whose entries expire after `ttlMs`.
 *
 * - Every `ttlMs / 3` a replica renews its leases (`update` at the revision
 *   it holds, so a lease that expired and went elsewhere is not taken back),
 *   announces itself (`replica.<id>`), and aims at `ceil(P / live replicas)`
 *   partitions: it gives up its surplus and takes free ones (`create`: only
 *   an absent, deleted or expired key).
 * - Taking a partition rebuilds its state from Postgres, then starts its
 *   consumers; giving one up stops its consumers, waits for the messages in
 *   flight, writes and drops its state, then deletes the lease. A lease
 *   found lost on renewal stops the consumers at once.
 * - On shutdown a replica leaves the bucket and releases every lease. The
 *   others watch the bucket: a deleted key starts a round at once, so they
 *   take the partitions within milliseconds instead of after the TTL (an
 *   expired one is found by the next timed round).
 */
export class PartitionLeases {
  private readonly logger = new Logger(PartitionLeases.name);
  private readonly leases = new Map<number, Lease>();
  private readonly job: PeriodicJob;
  private round: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private watcher: QueuedIterator<KvWatchEntry> | null = null;

  constructor(
    private readonly kv: KV,
    private readonly consumers: PartitionConsumers,
    private readonly state: PartitionState,
    private readonly settings: LeaseSettings,
  ) {
    this.job = new PeriodicJob({
      name: 'partition-leases',
      intervalMs: Math.max(1, settings.ttlMs / 3),
      logger: this.logger,
      metrics: settings.metrics,
      run: () => this.rebalance(),
    });
  }

  /** Takes a first share of the partitions, then keeps the leases by a periodic job. */
  async start(): Promise<void> {
    await this.rebalance();
    this.watcher = await this.kv.watch({ key: '>', include: KvWatchInclude.UpdatesOnly });
    void this.follow(this.watcher);
    await this.job.start();
  }

  /** Partitions this replica holds, ascending. */
  owned(): number[] {
    return [...this.leases.keys()].sort((a, b) => a - b);
  }

  /** Whether this replica holds the partition and has finished loading its state. */
  loaded(partition: number): boolean {
    const lease = this.leases.get(partition);
    return lease !== undefined && lease.starting === null;
  }

  /**
   * One round: renew, announce, give up surplus, take free partitions.
   * Never throws. Asked for during a round, another follows it.
   */
  rebalance(): Promise<void> {
    if (this.round) {
      this.again = true;
      return this.round;
    }
    this.round = (async () => {
      do {
        this.again = false;
        await this.roundOnce().catch((error: unknown) =>
          this.logger.warn(`partition lease round failed: ${(error as Error).message}`),
        );
      } while (this.again && !this.stopped);
    })().finally(() => (this.round = null));
    return this.round;
  }

  /** A replica left or gave a partition up: rebalance now. */
  private async follow(watcher: QueuedIterator<KvWatchEntry>): Promise<void> {
    for await (const entry of watcher) {
      if (entry.operation !== 'PUT' && !this.stopped) void this.rebalance();
    }
  }

  /** Releases every lease (stopping its consumers first) and leaves the bucket. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.job.stop();
    this.watcher?.stop();
    await this.round;
    // Leave first, so the others aim at the whole share before the partitions come free.
    await this.kv.delete(REPLICA_KEY(this.settings.replicaId)).catch(() => undefined);
    for (const partition of this.owned()) await this.release(partition);
  }

  private async roundOnce(): Promise<void> {
    if (this.stopped) return;
    await this.renew();
    await this.kv.put(REPLICA_KEY(this.settings.replicaId), String(Date.now()));
    const live = await this.liveReplicas();
    const target = Math.ceil(HEALTH_PARTITIONS / Math.max(1, live));
    for (const partition of this.owned().reverse()) {
      if (this.leases.size <= target || this.stopped) break;
      await this.release(partition);
    }
    const claimed = new Map<number, number>();
    for (const partition of this.claimOrder()) {
      if (this.leases.size + claimed.size >= target || this.stopped) break;
      if (this.leases.has(partition)) continue;
      try {
        claimed.set(
          partition,
          await this.kv.create(PARTITION_KEY(partition), this.settings.replicaId),
        );
      } catch {
        continue; // held by another replica
      }
    }
    if (claimed.size > 0) await this.take(claimed);
  }

  private async renew(): Promise<void> {
    for (const [partition, lease] of this.leases) {
      try {
        lease.revision = await this.kv.update(
          PARTITION_KEY(partition),
          this.settings.replicaId,
          lease.revision,
        );
      } catch (error) {
        if (!isWrongLastSequence(error)) {
          // NATS did not answer: the lease may still be ours; the next round tries again.
          this.logger.warn(`could not renew partition ${partition}: ${(error as Error).message}`);
          continue;
        }
        this.logger.warn(`lost the lease of partition ${partition} (expired, taken elsewhere)`);
        await this.lose(partition);
      }
    }
  }

  /** Loads the claimed partitions' state in one pass, then starts their consumers. */
  private async take(claimed: Map<number, number>): Promise<void> {
    const partitions = [...claimed.keys()].sort((a, b) => a - b);
    const started = Date.now();
    const starting = (async () => {
      await this.state.load(partitions);
      for (const partition of partitions) await this.consumers.startPartition(partition);
    })();
    for (const [partition, revision] of claimed) {
      this.leases.set(partition, { revision, starting });
    }
    try {
      await starting;
    } catch (error) {
      this.logger.warn(
        `could not take partitions ${partitions.join(', ')}: ${(error as Error).message}`,
      );
      for (const partition of partitions) {
        const lease = this.leases.get(partition);
        if (lease) lease.starting = null;
        await this.release(partition);
      }
      return;
    }
    for (const partition of partitions) {
      const lease = this.leases.get(partition);
      if (lease?.starting === starting) lease.starting = null;
    }
    this.logger.log(`took partitions ${partitions.join(', ')} in ${Date.now() - started} ms`);
    // Loading took a while: renew the leases now rather than at the next round.
    await this.renew();
  }

  /** Gives a partition up in order: consumers, state, then the lease. */
  private async release(partition: number): Promise<void> {
    const lease = await this.stopConsuming(partition, true);
    if (!lease) return;
    await this.kv
      .delete(PARTITION_KEY(partition), { previousSeq: lease.revision })
      .catch(() => undefined); // already expired or taken: nothing to give back
    this.logger.log(`released partition ${partition}`);
  }

  /** The lease is gone (expired, taken): stop consuming; the state is someone else's now. */
  private async lose(partition: number): Promise<void> {
    await this.stopConsuming(partition, false);
  }

  /**
   * Forgets the lease once its start (if any) is over, stops the partition's
   * consumers and drops its state; `handedOver` writes what is due first.
   * Returns the lease, or undefined when this replica did not hold it.
   */
  private async stopConsuming(partition: number, handedOver: boolean): Promise<Lease | undefined> {
    const lease = this.leases.get(partition);
    if (!lease) return undefined;
    await lease.starting?.catch(() => undefined);
    this.leases.delete(partition);
    await this.consumers.stopPartition(partition);
    await this.state.drop(partition, handedOver);
    return lease;
  }

  private async liveReplicas(): Promise<number> {
    let live = 0;
    for await (const key of await this.kv.keys('replica.>')) if (key) live++;
    return live;
  }

  /** Every partition, starting at one that depends on this replica, so replicas rarely collide. */
  private claimOrder(): number[] {
    let offset = 0;
    for (const char of this.settings.replicaId) offset = (offset * 31 + char.charCodeAt(0)) >>> 0;
    return Array.from({ length: HEALTH_PARTITIONS }, (_, i) => (offset + i) % HEALTH_PARTITIONS);
  }
}
