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
 * Brings parked tasks back: every `HERALD_PARK_POLL` it republishes due tasks
 * to JetStream, makes the held tasks of endpoints that were enabled again
 * (or deleted) due at once, and the backlog of tenants with room again. Every replica runs one; row locks keep them from
 * taking the same task. Rounds never overlap; a failed round is logged and
 * retried next tick.
 */
@Injectable()
export class ParkingAttendant implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob;

  constructor(
    private readonly lot: ParkingLot,
    private readonly registry: RegistryView,
    private readonly scheduler: DeliveryScheduler,
    @Inject(DISPATCHER_CONFIG) config: DispatcherConfig,
    jobs: PeriodicJobs,
  ) {
    this.job = jobs.every(config.HERALD_PARK_POLL, 'parking-release', () => this.round());
  }

  onApplicationBootstrap(): Promise<void> {
    // A hybrid app (HTTP + JetStream) may run bootstrap hooks more than once; start() runs once.
    return this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /**
   * Brings back parked backlog of tenants that have room in this replica
   * again: as many tasks as fit the queued share it may use now
   * (`queuedShareOf`: more while it is alone in this replica and the only
   * tenant with backlog), once at most half of it is taken, so a tenant's
   * backlog flows back in batches instead of one task at a time. While some
   * of the tenant's endpoints hold their part of the share (slow or hanging
   * ones), the backlog of its other endpoints comes back as long as the
   * tenant has room, and theirs stays parked. Past half the share, the
   * backlog of endpoints with nothing waiting here comes back too, whoever
   * holds the rest: the tasks waiting may be hanging endpoints' within their
   * parts, which take whole timeouts to run, and the endpoints holding
   * nothing would otherwise wait for them. Every replica does
   * this for itself; what one brings back may be taken by another, which
   * parks what it has no room for.
   */
  private async releaseBacklogs(): Promise<void> {
    if (this.scheduler.saturated || this.scheduler.closed) return;
    const tenants = await this.lot.tenantsWithBacklog();
    for (const tenantId of tenants) {
      const { queued } = this.scheduler.tenantLoad(tenantId);
      if (this.scheduler.tenantFull(tenantId)) continue;
      // Backlogs of several tenants come back together: none of them will be alone here.
      const share = this.scheduler.queuedShareOf(tenantId, tenants.length > 1);
      if (queued >= share) continue;
      const crowding = this.scheduler.crowdingEndpoints(tenantId);
      const leaveParked =
        crowding.length === 0 && queued > share / 2
          ? this.scheduler.endpointsQueuing(tenantId)
          : crowding;
      await this.lot.releaseBacklog(tenantId, share - queued, leaveParked);
    }
  }

  /** One round: held tasks of endpoints enabled again, backlogs with room, then due tasks. */
  private async round(): Promise<void> {
    for (const endpointId of await this.lot.endpointsWithHeldTasks()) {
      const endpoint = this.registry.endpoint(endpointId);
      if (!endpoint || endpoint.enabled) await this.lot.releaseHeld(endpointId);
    }
    await this.releaseBacklogs();
    while ((await this.lot.releaseDue(BATCH)) === BATCH);
  }
}
