import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { partitionOf } from '@herald/contracts';
import { NatsClient } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';
import type { Registry } from 'prom-client';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from '../config.js';
import { PolicyRunner } from '../enforcement/policy-runner.js';
import { WindowKeeper } from '../windows/window-keeper.js';
import {
  PartitionLeases,
  type PartitionConsumers,
  type PartitionState,
} from './partition-leases.js';

/**
 * This replica's share of the health partitions: the leases, and what taking
 * or giving up a partition means for the windows, the pause windows and the
 * policy records. Started once the transport listens (`start`); released on
 * shutdown, before the transport closes.
 */
@Injectable()
export class HealthPartitions implements PartitionState, BeforeApplicationShutdown {
  readonly replicaId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`.replace(
    /[^A-Za-z0-9_-]/g,
    '_',
  );
  private leases: PartitionLeases | null = null;

  constructor(
    private readonly nats: NatsClient,
    private readonly windows: WindowKeeper,
    private readonly policies: PolicyRunner,
    @Inject(HEALTH_MONITOR_CONFIG) private readonly config: HealthMonitorConfig,
    @Inject(METRICS_REGISTRY) private readonly metrics: Registry,
  ) {}

  async start(consumers: PartitionConsumers): Promise<void> {
    const ttlMs = this.config.HERALD_HEALTH_LEASE_TTL;
    const kv = await this.nats.openBucket(this.nats.ns.healthPartitionsBucket, {
      history: 1,
      ttl: ttlMs,
    });
    this.leases = new PartitionLeases(kv, consumers, this, {
      ttlMs,
      replicaId: this.replicaId,
      metrics: this.metrics,
    });
    await this.leases.start();
  }

  /** Partitions this replica consumes. */
  owned(): number[] {
    return this.leases?.owned() ?? [];
  }

  /**
   * Whether this replica holds the endpoint's partition and its windows and
   * records are live here: not while a partition just taken is still loading
   * (readers then rebuild from the log, as on any other replica).
   */
  holds(endpointId: string): boolean {
    return this.leases?.loaded(partitionOf(endpointId)) ?? false;
  }

  async load(partitions: readonly number[]): Promise<void> {
    const taken = new Set(partitions);
    await this.windows.load((endpointId) => taken.has(partitionOf(endpointId)));
    await this.policies.loadPartitions(taken);
  }

  async drop(partition: number, handedOver: boolean): Promise<void> {
    this.windows.windows.forget((endpointId) => partitionOf(endpointId) === partition);
    await this.policies.dropPartition(partition, handedOver);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.leases?.stop();
  }
}
