import { Module } from '@nestjs/common';
import { ATTEMPT_BATCH_TOKEN } from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
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
import { OutcomeBatches } from './outcome-batches.js';

/**
 * Outcomes in one `attempt.v1` message, and their bytes (at most a quarter of
 * `max_payload`); one publish under way across partitions, so each gathers
 * while the others are stored (ADR 0121).
 */
const OUTCOME_BATCH = { maxBatch: 100, maxBatchBytes: 256 * 1024, maxPublishing: 1 };

/**
 * Consumes delivery tasks: admission (registry and pause read models),
 * endpoint actors, breaker, signed send, retry plan, durable follow-ups.
 */
const encoder = new TextEncoder();

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
      provide: OutcomeBatches,
      useFactory: (publisher: Publisher, nats: NatsClient) =>
        new OutcomeBatches(
          {
            one: (outcome, json) =>
              publisher.publishEncoded(
                'attempt.v1',
                nats.ns.subject('attempt.v1', outcome.endpointId),
                encoder.encode(json),
                outcome.attemptId,
              ),
            batch: (partition, json, msgId) =>
              publisher.publishEncoded(
                'attempt.v1',
                nats.ns.partitionSubject('attempt.v1', partition, ATTEMPT_BATCH_TOKEN),
                encoder.encode(json),
                msgId,
              ),
          },
          {
            ...OUTCOME_BATCH,
            maxBatchBytes: Math.min(
              OUTCOME_BATCH.maxBatchBytes,
              Math.floor((nats.connection.info?.max_payload ?? 1_048_576) / 4),
            ),
          },
        ),
      inject: [Publisher, NatsClient],
    },
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
