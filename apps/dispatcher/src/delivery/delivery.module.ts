import { Module } from '@nestjs/common';
import { RegistryViewModule } from '@herald/registry-view';
import { BreakerModule } from '../breaker/breaker.module.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { HttpModule } from '../http/http.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { DeliveriesHandler } from './deliveries.handler.js';
import { DELIVERY_POLICY, deliveryPolicy } from './delivery-policy.js';

/** Consumes delivery tasks: admission, breaker, signed send, retry plan, outcomes. */
@Module({
  imports: [RegistryViewModule, HttpModule, BreakerModule, MetricsModule],
  controllers: [DeliveriesHandler],
  providers: [
    {
      provide: DELIVERY_POLICY,
      useFactory: (config: DispatcherConfig) => deliveryPolicy(config),
      inject: [DISPATCHER_CONFIG],
    },
  ],
})
export class DeliveryModule {}
