import { serviceModule } from '@herald/service';
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
export const AppModule = serviceModule<RegistryConfig>(() => ({
  name: 'registry',
  configToken: REGISTRY_CONFIG,
  consumes: ['endpoint-control.v1'],
  // Endpoint tests publish to the ingest subject; the read model goes to the KV bucket.
  publishes: ['ingest'],
  database: {
    schema: 'registry',
    entities: REGISTRY_ENTITIES,
    migrations: REGISTRY_MIGRATIONS,
  },
  quarantine: true,
  secretBox: true,
  readiness: {
    useFactory: (sync: ReadModelSync) => [{ name: 'read-model', check: () => sync.probe() }],
    inject: [ReadModelSync],
  },
  imports: [
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
  providers: [SecretsAtRest, TenantQuotas],
  exports: [TenantQuotas],
}));
