import { Inject, Injectable, Logger, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EndpointSettingsStore } from '../health/endpoint-settings.store.js';
import { CLOCK, type Clock } from '../pause/clock.js';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { HealthWindows } from './health-windows.js';
import { WindowHistory } from './window-history.js';
import { rebuildWindows } from './window-rebuild.js';

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
 * Per-endpoint sliding windows, rebuilt from the attempt log before any
 * consumer starts (Nest resolves the factory before the app listens).
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
      useFactory: async (
        settings: HealthSettings,
        history: WindowHistory,
        clock: Clock,
        _loaded: EndpointSettingsStore,
      ) => {
        const windows = new HealthWindows(settings.windows);
        const started = clock.now();
        const endpoints = await rebuildWindows(windows, history, started, settings.defaultSlowMs);
        new Logger('HealthWindows').log(
          `rebuilt the health windows of ${endpoints} endpoints in ${clock.now() - started} ms`,
        );
        return windows;
      },
      inject: [HEALTH_SETTINGS, WindowHistory, CLOCK, EndpointSettingsStore],
    },
    WindowPruner,
  ],
  exports: [HealthWindows, WindowHistory, EndpointSettingsStore],
})
export class WindowsModule {}
