import { PortalTokens } from '@herald/api-auth';
import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { QUARANTINE_MIGRATIONS, QuarantineModule } from '@herald/quarantine';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { KEEP_ENDPOINT_SECRETS } from '@herald/registry-view';
import { SECRET_BOX, secretBoxFrom } from '@herald/secrets-crypto';
import { ApiRateLimitModule } from '@herald/tenant-limits';
import { AlertsModule } from './alerts/alerts.module.js';
import { CLOCK, systemClock } from '@herald/runtime';
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
          service: 'alerting',
          topics: ['alert.v1'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'alerting',
          entities: ALERTING_ENTITIES,
          migrations: [...ALERTING_MIGRATIONS, ...QUARANTINE_MIGRATIONS],
        }),
        QuarantineModule.forRoot({ adminToken: config.HERALD_ADMIN_TOKEN }),
        // Requests per API key (HERALD_RATE_LIMIT_API): 429 rate_limited, one budget across replicas.
        ApiRateLimitModule.forRoot(config.HERALD_RATE_LIMIT_API),
        AlertsModule,
      ],
      providers: [
        // Verifies portal session tokens in every API guard (none without the key).
        { provide: PortalTokens, useValue: new PortalTokens(config.HERALD_PORTAL_SIGNING_KEY) },
        { provide: ALERTING_CONFIG, useValue: config },
        { provide: SECRET_BOX, useValue: secretBoxFrom(config) },
        // Signs and sends requests: keeps endpoint secrets (encrypted) from the read model.
        { provide: KEEP_ENDPOINT_SECRETS, useValue: true },
        { provide: CLOCK, useValue: systemClock },
      ],
      exports: [PortalTokens, KEEP_ENDPOINT_SECRETS, ALERTING_CONFIG, CLOCK, SECRET_BOX],
    };
  }
}
