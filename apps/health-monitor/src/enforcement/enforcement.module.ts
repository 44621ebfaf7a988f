import { Module } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { NatsClient, Publisher } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';
import { RegistryView, RegistryViewModule } from '@herald/registry-view';
import { CLOCK, type Clock } from '@herald/runtime';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { EndpointRecordStore } from './endpoint-record.store.js';
import { EndpointStateStore } from './endpoint-state.store.js';
import { PolicyRunner } from './policy-runner.js';
import { RecentFailures } from './recent-failures.js';

/**
 * The endpoint policies in action: the runner, the endpoint-state bucket,
 * table `endpoint_health`. `PolicyRunner` is ready (bucket swept) before any
 * consumer starts, because Nest resolves it before the app listens; each
 * partition is loaded when this replica takes its lease.
 */
@Module({
  imports: [RegistryViewModule],
  providers: [
    EndpointRecordStore,
    RecentFailures,
    {
      provide: EndpointStateStore,
      useFactory: (nats: NatsClient) => EndpointStateStore.open(nats),
      inject: [NatsClient],
    },
    {
      provide: PolicyRunner,
      useFactory: async (
        settings: HealthSettings,
        clock: Clock,
        records: EndpointRecordStore,
        pauses: EndpointStateStore,
        history: RecentFailures,
        publisher: Publisher,
        registry: RegistryView,
        metrics: Registry,
      ) => {
        const status = { isDisabled: (id: string) => registry.endpoint(id)?.enabled === false };
        const runner = new PolicyRunner(settings.policies, clock, {
          records,
          pauses,
          history,
          publisher,
          status,
          metrics,
        });
        await runner.start([]);
        return runner;
      },
      inject: [
        HEALTH_SETTINGS,
        CLOCK,
        EndpointRecordStore,
        EndpointStateStore,
        RecentFailures,
        Publisher,
        RegistryView,
        METRICS_REGISTRY,
      ],
    },
  ],
  exports: [PolicyRunner, EndpointStateStore, EndpointRecordStore],
})
export class EnforcementModule {}
