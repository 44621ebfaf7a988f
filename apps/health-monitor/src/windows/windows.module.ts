import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EndpointSettingsStore } from '../windows/endpoint-settings.store.js';
import { CLOCK, type Clock } from '@herald/runtime';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { HealthWindows } from './health-windows.js';
import { WindowHistory } from './window-history.js';

/** Forgets, every minute, what has left the windows. */
@Injectable()
class WindowPruner implements BeforeApplicationShutdown {
  private readonly timer: NodeJS.Timeout;

  constructor(windows: HealthWindows, @Inject(CLOCK) clock: Clock) {
    this.timer = setInterval(() => windows.prune(clock.now()), 60_000);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
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
    WindowPruner,
  ],
  exports: [HealthWindows, WindowHistory, EndpointSettingsStore],
})
export class WindowsModule {}
