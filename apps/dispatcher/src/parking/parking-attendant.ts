import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PeriodicJobs } from '@herald/observability';
import { RegistryView } from '@herald/registry-view';
import type { PeriodicJob } from '@herald/runtime';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { DeliveryScheduler } from '../actors/delivery-scheduler.js';
import { ParkingLot } from './parking-lot.js';

/** Tasks republished per transaction. */
const BATCH = 500;
/**
 * Shortest gap between the start of one round and an early one (a tenant
 * with parked backlog got room): the backlog comes back within about this
 * long instead of within the next poll, and a busy tenant whose backlog flows
 * in and out costs at most this many rounds per second (ADR 0091).
 */
export const EARLY_ROUND_GAP_MS = 100;

/**
 * Brings parked tasks back: every `HERALD_PARK_POLL` it republishes due tasks
 * to JetStream, makes the held tasks of endpoints that were enabled again
 * (or deleted) due at once, and the backlog of tenants with room again. Every replica runs one; row locks keep them from
 * taking the same task. Rounds never overlap; a failed round is logged and
 * retried next tick. A tenant known to have parked backlog (parked here, or
 * left after a round) is watched: as soon as it has room in this replica, a
 * round runs early — at most one every `EARLY_ROUND_GAP_MS` — so backlog
 * comes back when there is room, not up to a poll later (ADR 0091).
 */
@Injectable()
export class ParkingAttendant implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;
  /** An early round is asked for and has not started yet. */
  private earlyRound = false;
  private lastRoundAt = -Infinity;
  private stopped = false;

  constructor(
    private readonly lot: ParkingLot,
    private readonly registry: RegistryView,
    private readonly scheduler: DeliveryScheduler,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
    jobs: PeriodicJobs,
  ) {
    this.job = jobs.every(config.HERALD_PARK_POLL, 'parking-release', () => this.round());
    lot.onBacklogParked((tenantId) => this.watch(tenantId));
  }

  onApplicationBootstrap(): Promise<void> {
    // A hybrid app (HTTP + JetStream) may run bootstrap hooks more than once; start() runs once.
    return this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    this.stopped = true;
    return this.job.stop();
  }

  /**
   * Runs an early round once the tenant has room for a batch of its backlog
   * here — after `released` more of its tasks came in, when a round just
   * sent that many back, so backlog never flows back faster than this
   * replica takes it.
   */
  private watch(tenantId: string, released = 0): void {
    if (this.stopped) return;
    const share = this.config.HERALD_TENANT_MAX_QUEUED;
    this.scheduler.whenTenantHasRoom(
      tenantId,
      Math.floor(share / 2),
      () => this.roundSoon(),
      released,
    );
  }

  private roundSoon(): void {
    if (this.stopped || this.earlyRound) return;
    this.earlyRound = true;
    const waitMs = Math.max(0, this.lastRoundAt + EARLY_ROUND_GAP_MS - performance.now());
    setTimeout(() => {
      // Joins a round under way; if that one started before it was asked for, runs another.
      void this.job.runNow().then(() => {
        if (this.earlyRound && !this.stopped) void this.job.runNow();
      });
    }, waitMs).unref();
  }

  /**
   * Brings back parked backlog of tenants that have room in this replica
   * again: as many tasks as fit their queue share (once at most half of it is
   * taken, so a tenant's backlog flows back in batches instead of one task at
   * a time). While some of the tenant's endpoints hold their part of the share
   * (slow or hanging ones), the backlog of its other endpoints comes back as
   * long as the tenant has room, and theirs stays parked. Every replica does
   * this for itself; what one brings back may be taken by another, which
   * parks what it has no room for.
   */
  private async releaseBacklogs(): Promise<void> {
    if (this.scheduler.saturated || this.scheduler.closed) return;
    const share = this.config.HERALD_TENANT_MAX_QUEUED;
    for (const tenantId of await this.lot.tenantsWithBacklog()) {
      const { queued } = this.scheduler.tenantLoad(tenantId);
      if (this.scheduler.tenantFull(tenantId)) {
        this.watch(tenantId);
        continue;
      }
      const crowding = this.scheduler.crowdingEndpoints(tenantId);
      if (crowding.length === 0 && queued > share / 2) {
        this.watch(tenantId);
        continue;
      }
      const limit = share - queued;
      // As many as asked for: some may be left, to bring back once there is room again.
      if ((await this.lot.releaseBacklog(tenantId, limit, crowding)) === limit) {
        this.watch(tenantId, limit);
      }
    }
  }

  /** One round: held tasks of endpoints enabled again, backlogs with room, then due tasks. */
  private async round(): Promise<void> {
    this.earlyRound = false;
    this.lastRoundAt = performance.now();
    for (const endpointId of await this.lot.endpointsWithHeldTasks()) {
      const endpoint = this.registry.endpoint(endpointId);
      if (!endpoint || endpoint.enabled) await this.lot.releaseHeld(endpointId);
    }
    await this.releaseBacklogs();
    while ((await this.lot.releaseDue(BATCH)) === BATCH);
  }
}
