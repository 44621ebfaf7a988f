import { Module } from '@nestjs/common';
import { Publisher } from '@herald/messaging';
import { RegistryView, RegistryViewModule } from '@herald/registry-view';
import { CLOCK, type Clock } from '../pause/clock.js';
import { HEALTH_SETTINGS, type HealthSettings } from '../settings.js';
import { EndpointPolicies } from './endpoint-policies.js';
import { EndpointRecordStore } from './endpoint-record.store.js';

/**
 * The disable and recovery policies. `EndpointPolicies` is loaded (records
 * read back) before any consumer starts, because Nest resolves it before
 * the app listens.
 */
@Module({
  imports: [RegistryViewModule],
  providers: [
    EndpointRecordStore,
    {
      provide: EndpointPolicies,
      useFactory: async (
        settings: HealthSettings,
        clock: Clock,
        store: EndpointRecordStore,
        publisher: Publisher,
        registry: RegistryView,
      ) => {
        const status = { isDisabled: (id: string) => registry.endpoint(id)?.enabled === false };
        const policies = new EndpointPolicies(settings.policies, clock, store, publisher, status);
        await policies.start([]);
        return policies;
      },
      inject: [HEALTH_SETTINGS, CLOCK, EndpointRecordStore, Publisher, RegistryView],
    },
  ],
  exports: [EndpointPolicies, EndpointRecordStore],
})
export class PoliciesModule {}
