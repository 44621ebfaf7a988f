import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RegistryView } from '@herald/registry-view';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { ParkingLot } from './parking-lot.js';

/** Tasks republished per transaction. */
const BATCH = 500;

/**
 * Brings parked tasks back: every `HERALD_PARK_POLL` it republishes due tasks
 * to JetStream, and makes the held tasks of endpoints that were enabled again
 * (or deleted) due at once. Every replica runs one; row locks keep them from
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

  /** One round; exposed for tests. */
  async tick(): Promise<void> {
    try {
      for (const endpointId of await this.lot.endpointsWithHeldTasks()) {
        const endpoint = this.registry.endpoint(endpointId);
        if (!endpoint || endpoint.enabled) await this.lot.releaseHeld(endpointId);
      }
      while ((await this.lot.releaseDue(BATCH)) === BATCH);
    } catch (error) {
      this.logger.error(`releasing parked tasks failed: ${(error as Error).message}`);
    }
  }
}
