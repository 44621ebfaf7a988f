import { PortalTokens } from '@herald/api-auth';
import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { ApiRateLimitModule } from '@herald/tenant-limits';
import { INGEST_CONFIG, type IngestConfig } from './config.js';
import { EventsModule } from './events/events.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { ResendsModule } from './resends/resends.module.js';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from './schema.js';
import { CLOCK, systemClock } from '@herald/runtime';

@Module({})
export class AppModule {
  static forRoot(config: IngestConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          service: 'ingest',
          namespace: config.HERALD_NAMESPACE,
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
          replicas: config.HERALD_STREAM_REPLICAS,
          service: 'ingest',
          topics: ['ingest', 'deliver.v1'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'ingest',
          entities: INGEST_ENTITIES,
          migrations: INGEST_MIGRATIONS,
        }),
        // Requests per API key (HERALD_RATE_LIMIT_API) on the message, rejection and resend
        // routes; events are counted per tenant instead (HERALD_RATE_LIMIT_INGEST).
        ApiRateLimitModule.forRoot(config.HERALD_RATE_LIMIT_API),
        EventsModule,
        MessagesModule,
        ResendsModule,
      ],
      providers: [
        // Verifies portal session tokens in every API guard (none without the key).
        { provide: PortalTokens, useValue: new PortalTokens(config.HERALD_PORTAL_SIGNING_KEY) },
        { provide: INGEST_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
      ],
      exports: [PortalTokens, INGEST_CONFIG, CLOCK],
    };
  }
}
