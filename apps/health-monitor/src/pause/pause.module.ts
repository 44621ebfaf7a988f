import { Module } from '@nestjs/common';
import { NatsClient, Publisher } from '@herald/messaging';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from '../config.js';
import { EndpointPolicies } from '../policies/endpoint-policies.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { CLOCK, type Clock } from './clock.js';
import { EndpointStateStore } from './endpoint-state.store.js';
import { PAUSE_CONFIG, pauseConfig, type PauseConfig } from './pause-config.js';
import { PauseService } from './pause.service.js';
import { RecentFailures } from './recent-failures.js';

/**
 * The pause policy: failure windows, the endpoint-state bucket, pause alerts
 * (each opens an incident with the recovery policy).
 * `PauseService` is ready (windows rebuilt, bucket swept) before any
 * consumer starts, because Nest resolves it before the app listens.
 */
@Module({
  imports: [PoliciesModule],
  providers: [
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
        policies: EndpointPolicies,
      ) => {
        const service = new PauseService(config, clock, store, history, publisher, (signal) =>
          policies.raised(signal),
        );
        await service.start([]);
        return service;
      },
      inject: [
        PAUSE_CONFIG,
        CLOCK,
        EndpointStateStore,
        RecentFailures,
        Publisher,
        EndpointPolicies,
      ],
    },
  ],
  exports: [PauseService, EndpointStateStore],
})
export class PauseModule {}
