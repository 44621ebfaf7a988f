import { Module } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '@herald/observability';
import { systemClock } from '@herald/runtime';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { DeliveryScheduler } from './delivery-scheduler.js';

/** The endpoint actors of this replica, sized from the environment, with their queue gauge. */
@Module({
  providers: [
    {
      provide: DeliveryScheduler,
      useFactory: (config: DispatcherConfig, registry: Registry) => {
        const scheduler = new DeliveryScheduler(
          {
            maxInFlight: config.HERALD_DISPATCH_MAX_IN_FLIGHT,
            mailboxSize: config.HERALD_ENDPOINT_MAILBOX,
            maxQueued: config.HERALD_DISPATCH_QUEUE_LIMIT,
            maxHeldBytes: config.HERALD_DISPATCH_MAX_BYTES,
            tenantMaxInFlight: config.HERALD_TENANT_MAX_IN_FLIGHT,
            tenantMaxQueued: config.HERALD_TENANT_MAX_QUEUED,
            tenantMaxHeldBytes: config.HERALD_TENANT_MAX_BYTES,
          },
          {
            monotonic: () => systemClock.monotonic(),
            setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
            clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
          },
        );
        new Gauge({
          name: 'herald_dispatcher_tasks',
          help: 'Delivery tasks in this replica: queued in endpoint mailboxes, or in flight',
          labelNames: ['state'],
          registers: [registry],
          collect() {
            this.set({ state: 'queued' }, scheduler.queuedJobs);
            this.set({ state: 'in_flight' }, scheduler.runningJobs);
          },
        });
        new Gauge({
          name: 'herald_dispatcher_held_bytes',
          help: 'Payload bytes of the delivery tasks this replica holds, queued and in flight',
          registers: [registry],
          collect() {
            this.set(scheduler.heldBytes);
          },
        });
        return scheduler;
      },
      inject: [DISPATCHER_CONFIG, METRICS_REGISTRY],
    },
  ],
  exports: [DeliveryScheduler],
})
export class ActorsModule {}
