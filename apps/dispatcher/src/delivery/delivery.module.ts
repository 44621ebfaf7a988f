import { Module } from '@nestjs/common';
import { NatsClient } from '@herald/messaging';
import { EndpointStateView, RegistryViewModule } from '@herald/registry-view';
import { ActorsModule } from '../actors/actors.module.js';
import { BreakerModule } from '../breaker/breaker.module.js';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { DeadLettersModule } from '../dead-letters/dead-letters.module.js';
import { HttpModule } from '../http/http.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ParkingModule } from '../parking/parking.module.js';
import { RejectionsModule } from '../rejections/rejections.module.js';
import { AttemptRecorder } from './attempt-recorder.js';
import { DeliveriesHandler } from './deliveries.handler.js';
import { DeliveryPoisonSink } from './delivery-poison-sink.js';
import { DELIVERY_POLICY, deliveryPolicy } from './delivery-policy.js';

/**
 * Consumes delivery tasks: admission (registry and pause read models),
 * endpoint actors, breaker, signed send, retry plan, durable follow-ups.
 */
@Module({
  imports: [
    RegistryViewModule,
    HttpModule,
    BreakerModule,
    MetricsModule,
    ActorsModule,
    DeadLettersModule,
    ParkingModule,
    RejectionsModule,
  ],
  controllers: [DeliveriesHandler],
  providers: [
    AttemptRecorder,
    DeliveryPoisonSink,
    {
      provide: EndpointStateView,
      useFactory: (nats: NatsClient) => EndpointStateView.open(nats),
      inject: [NatsClient],
    },
    {
      provide: DELIVERY_POLICY,
      useFactory: (config: DispatcherConfig) => deliveryPolicy(config),
      inject: [DISPATCHER_CONFIG],
    },
  ],
})
export class DeliveryModule {}
