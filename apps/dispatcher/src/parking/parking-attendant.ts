import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RegistryView } from '@herald/registry-view';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { DeliveryScheduler } from '../actors/delivery-scheduler.js';
import { ParkingLot } from './parking-lot.js';

/** Tasks republished per transaction. */
const BATCH = 500;

/**
 * Brings parked tasks back: every `HERALD_PARK_POLL` it republishes due tasks
 * to JetStream, makes the held tasks of endpoints that were enabled again
 * (or deleted) due at once, and the backlog of tenants with room again. Every replica runs one; row locks keep them from
 * taking the same task. A failed round is logged and retried next tick.
 */
@Injectable()
export class ParkingAttendant implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ParkingAttendant.name);
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly lot: ParkingLot,
    private readonly registry: RegistryView,
    private readonly scheduler: DeliveryScheduler,
    @Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig,
  ) {}

  onApplicationBootstrap(): void {
    // A hybrid app (HTTP + JetStream) may run bootstrap hooks more than once.
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      this.round = this.round.then(() => this.tick());
    }, this.config.HERALD_PARK_POLL);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.round;
  }

  /**
   * Brings back parked backlog of tenants that have room in this replica
   * again: as many tasks as fit their queue share (once at most half of it is
   * taken, so a tenant's backlog flows back in batches instead of one task at
   * a time). Every replica does this for itself; what one brings back may be
   * taken by another, which parks what it has no room for.
   */
  private async releaseBacklogs(): Promise<void> {
    if (this.scheduler.saturated || this.scheduler.closed) return;
    const share = this.config.HERALD_TENANT_MAX_QUEUED;
    for (const tenantId of await this.lot.tenantsWithBacklog()) {
      const { queued } = this.scheduler.tenantLoad(tenantId);
      if (this.scheduler.tenantFull(tenantId) || queued > share / 2) continue;
      await this.lot.releaseBacklog(tenantId, share - queued);
    }
  }

  /** One round; exposed for tests. */
  async tick(): Promise<void> {
    try {
      for (const endpointId of await this.lot.endpointsWithHeldTasks()) {
        const endpoint = this.registry.endpoint(endpointId);
        if (!endpoint || endpoint.enabled) await this.lot.releaseHeld(endpointId);
      }
      await this.releaseBacklogs();
      while ((await this.lot.releaseDue(BATCH)) === BATCH);
    } catch (error) {
      this.logger.error(`releasing parked tasks failed: ${(error as Error).message}`);
    }
  }
}
