import { PortalTokens } from '@herald/api-auth';
import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { QUARANTINE_MIGRATIONS, QuarantineModule } from '@herald/quarantine';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { SECRET_BOX, secretBoxFrom } from '@herald/secrets-crypto';
import { ApiRateLimitModule } from '@herald/tenant-limits';
import { CLOCK, systemClock } from '@herald/runtime';
import { REGISTRY_CONFIG, type RegistryConfig } from './config.js';
import { EndpointControlModule } from './endpoint-control/endpoint-control.module.js';
import { EndpointTestsModule } from './endpoint-tests/endpoint-tests.module.js';
import { EndpointsModule } from './endpoints/endpoints.module.js';
import { EventTypesModule } from './event-types/event-types.module.js';
import { NatsCredentialsModule } from './nats-credentials/nats-credentials.module.js';
import { PortalModule } from './portal/portal.module.js';
import { ReadModelModule } from './read-model/read-model.module.js';
import { ReadModelSync } from './read-model/read-model.sync.js';
import { REGISTRY_ENTITIES, REGISTRY_MIGRATIONS } from './schema.js';
import { TenantQuotas } from './quotas/tenant-quotas.js';
import { SecretsAtRest } from './secrets/secrets-at-rest.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { TenantsModule } from './tenants/tenants.module.js';

/** The registry: Postgres (schema `registry`) is the source of truth, the KV bucket its published copy. */
@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          service: 'registry',
          namespace: config.HERALD_NAMESPACE,
          logLevel: config.LOG_LEVEL,
          readiness: {
            useFactory: (nats: NatsClient, db: DataSource, sync: ReadModelSync) => [
              { name: 'nats', check: () => nats.probe() },
              { name: 'postgres', check: () => probeDatabase(db) },
              { name: 'read-model', check: () => sync.probe() },
            ],
            inject: [NatsClient, DataSource, ReadModelSync],
          },
        }),
        // Publishes to the KV bucket and (endpoint tests) the ingest subject; consumes endpoint-control.v1.
        MessagingModule.forRoot({
          url: config.NATS_URL,
          auth: natsAuth(config),
          namespace: config.HERALD_NAMESPACE,
          replicas: config.HERALD_STREAM_REPLICAS,
          service: 'registry',
          topics: ['endpoint-control.v1', 'ingest'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'registry',
          entities: REGISTRY_ENTITIES,
          migrations: [...REGISTRY_MIGRATIONS, ...QUARANTINE_MIGRATIONS],
        }),
        QuarantineModule.forRoot({ adminToken: config.HERALD_ADMIN_TOKEN }),
        // Requests per API key (HERALD_RATE_LIMIT_API): 429 rate_limited, one budget across replicas.
        ApiRateLimitModule.forRoot(config.HERALD_RATE_LIMIT_API),
        ReadModelModule,
        TenantsModule,
        EndpointsModule,
        EventTypesModule,
        SecretsModule,
        EndpointControlModule,
        EndpointTestsModule,
        NatsCredentialsModule,
        PortalModule,
      ],
      providers: [
        // Verifies portal session tokens in every API guard (none without the key).
        { provide: PortalTokens, useValue: new PortalTokens(config.HERALD_PORTAL_SIGNING_KEY) },
        { provide: REGISTRY_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: SECRET_BOX, useValue: secretBoxFrom(config) },
        SecretsAtRest,
        TenantQuotas,
      ],
      exports: [PortalTokens, REGISTRY_CONFIG, CLOCK, SECRET_BOX, TenantQuotas],
    };
  }
}
