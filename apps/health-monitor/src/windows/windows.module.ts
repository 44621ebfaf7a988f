import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@herald/observability';
import { EndpointSettingsStore } from '../windows/endpoint-settings.store.js';
import { CLOCK, PeriodicJob, type Clock } from '@herald/runtime';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { HealthWindows } from './health-windows.js';
import { WindowHistory } from './window-history.js';
import { WindowKeeper } from './window-keeper.js';

/** Forgets, every minute, what has left the windows. */
@Injectable()
class WindowPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    windows: HealthWindows,
    @Inject(CLOCK) clock: Clock,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.job = new PeriodicJob({
      name: 'window-prune',
      intervalMs: 60_000,
      logger: new Logger(WindowPruner.name),
      metrics: registry,
      run: () => windows.prune(clock.now()),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.job.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}

/**
 * Per-endpoint sliding windows. They start empty: each partition's windows
 * are rebuilt from the attempt log when this replica takes the partition,
 * before it consumes it (see `PartitionLeases`).
 */
@Module({
  providers: [
    WindowHistory,
    {
      provide: EndpointSettingsStore,
      useFactory: async (db: DataSource) => {
        const store = new EndpointSettingsStore(db);
        await store.load();
        return store;
      },
      inject: [DataSource],
    },
    {
      provide: HealthWindows,
      useFactory: (settings: HealthSettings) => new HealthWindows(settings.windows),
      inject: [HEALTH_SETTINGS],
    },
    WindowKeeper,
    WindowPruner,
  ],
  exports: [HealthWindows, WindowKeeper],
})
export class WindowsModule {}
