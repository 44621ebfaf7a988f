import { PortalTokens } from '@herald/api-auth';
import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { QUARANTINE_MIGRATIONS, QuarantineModule } from '@herald/quarantine';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { ApiRateLimitModule, RateLimits1797000000000 } from '@herald/tenant-limits';
import { KEEP_ENDPOINT_SECRETS } from '@herald/registry-view';
import { SECRET_BOX, secretBoxFrom } from '@herald/secrets-crypto';
import { DISPATCHER_CONFIG, type DispatcherConfig } from './config.js';
import { DEAD_LETTER_MIGRATIONS, DeadLettersModule } from './dead-letters/dead-letters.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { PARKING_MIGRATIONS } from './parking/parking.module.js';
import { CLOCK, RANDOM, systemClock, systemRandom } from '@herald/runtime';

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
          service: 'dispatcher',
          topics: ['deliver.v1', 'attempt.v1', 'endpoint-control.v1', 'deferral.v1'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'dispatcher',
          entities: [],
          migrations: [
            ...DEAD_LETTER_MIGRATIONS,
            ...PARKING_MIGRATIONS,
            ...QUARANTINE_MIGRATIONS,
            RateLimits1797000000000,
          ],
        }),
        QuarantineModule.forRoot({ adminToken: config.HERALD_ADMIN_TOKEN }),
        // Requests per API key (HERALD_RATE_LIMIT_API): 429 rate_limited, one budget across replicas.
        ApiRateLimitModule.forRoot(config.HERALD_RATE_LIMIT_API),
        DeliveryModule,
        DeadLettersModule,
      ],
      providers: [
        // Verifies portal session tokens in every API guard (none without the key).
        { provide: PortalTokens, useValue: new PortalTokens(config.HERALD_PORTAL_SIGNING_KEY) },
        { provide: DISPATCHER_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: SECRET_BOX, useValue: secretBoxFrom(config) },
        // Signs and sends requests: keeps endpoint secrets (encrypted) from the read model.
        { provide: KEEP_ENDPOINT_SECRETS, useValue: true },
        { provide: RANDOM, useValue: systemRandom },
      ],
      exports: [PortalTokens, KEEP_ENDPOINT_SECRETS, DISPATCHER_CONFIG, CLOCK, RANDOM, SECRET_BOX],
    };
  }
}
