import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { DISPATCHER_CONFIG, type DispatcherConfig } from './config.js';
import { DEAD_LETTER_MIGRATIONS, DeadLettersModule } from './dead-letters/dead-letters.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { PARKING_MIGRATIONS } from './parking/parking.module.js';
import { CLOCK, RANDOM, systemClock } from './seams.js';

/**
 * The dispatcher's delivery state lives in JetStream; its own `dispatcher`
 * schema keeps dead letters, replay jobs and parked (long-waiting) tasks. Ready when NATS, its streams and
 * Postgres answer.
 */
@Module({})
export class AppModule {
  static forRoot(config: DispatcherConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          service: 'dispatcher',
          logLevel: config.LOG_LEVEL,
          readiness: {
            useFactory: (nats: NatsClient, db: DataSource) => [
              { name: 'nats', check: () => nats.probe() },
              { name: 'postgres', check: () => probeDatabase(db) },
            ],
            inject: [NatsClient, DataSource],
          },
        }),
        MessagingModule.forRoot({
          url: config.NATS_URL,
          auth: natsAuth(config),
          namespace: config.HERALD_NAMESPACE,
          service: 'dispatcher',
          topics: ['deliver.v1', 'attempt.v1', 'endpoint-control.v1', 'deferral.v1'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'dispatcher',
          entities: [],
          migrations: [...DEAD_LETTER_MIGRATIONS, ...PARKING_MIGRATIONS],
        }),
        DeliveryModule,
        DeadLettersModule,
      ],
      providers: [
        { provide: DISPATCHER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: RANDOM, useValue: Math.random },
      ],
      exports: [DISPATCHER_CONFIG, CLOCK, RANDOM],
    };
  }
}
