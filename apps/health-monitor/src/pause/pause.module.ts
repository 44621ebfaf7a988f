import { Module } from '@nestjs/common';
import { NatsClient, Publisher } from '@herald/messaging';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from '../config.js';
import { CLOCK, systemClock, type Clock } from './clock.js';
import { EndpointStateStore } from './endpoint-state.store.js';
import { PAUSE_CONFIG, pauseConfig, type PauseConfig } from './pause-config.js';
import { PauseService } from './pause.service.js';
import { RecentFailures } from './recent-failures.js';

/**
 * The pause policy: failure windows, the endpoint-state bucket, pause alerts.
 * `PauseService` is ready (windows rebuilt, bucket swept) before any
 * consumer starts, because Nest resolves it before the app listens.
 */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: PAUSE_CONFIG,
      useFactory: (config: HealthMonitorConfig) => pauseConfig(config),
      inject: [HEALTH_MONITOR_CONFIG],
    },
    {
      provide: EndpointStateStore,
      useFactory: (nats: NatsClient) => EndpointStateStore.open(nats),
      inject: [NatsClient],
    },
    RecentFailures,
    {
      provide: PauseService,
      useFactory: async (
        config: PauseConfig,
        clock: Clock,
        store: EndpointStateStore,
        history: RecentFailures,
        publisher: Publisher,
      ) => {
        const service = new PauseService(config, clock, store, history, publisher);
        await service.start();
        return service;
      },
      inject: [PAUSE_CONFIG, CLOCK, EndpointStateStore, RecentFailures, Publisher],
    },
  ],
  exports: [PauseService],
})
export class PauseModule {}
