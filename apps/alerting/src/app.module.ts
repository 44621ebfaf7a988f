import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { AlertsModule } from './alerts/alerts.module.js';
import { CLOCK, systemClock } from './clock.js';
import { ALERTING_CONFIG, type AlertingConfig } from './config.js';
import { ALERTING_ENTITIES, ALERTING_MIGRATIONS } from './schema.js';

@Module({})
export class AppModule {
  static forRoot(config: AlertingConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          service: 'alerting',
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
          service: 'alerting',
          topics: ['alert.v1'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'alerting',
          entities: ALERTING_ENTITIES,
          migrations: ALERTING_MIGRATIONS,
        }),
        AlertsModule,
      ],
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
      ],
      exports: [ALERTING_CONFIG, CLOCK],
    };
  }
}
