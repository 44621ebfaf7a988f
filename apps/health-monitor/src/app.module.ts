import { PortalTokens } from '@herald/api-auth';
import { natsAuth } from '@herald/config';
import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseModule, probeDatabase } from '@herald/database';
import { QUARANTINE_MIGRATIONS, QuarantineModule } from '@herald/quarantine';
import { MessagingModule, NatsClient } from '@herald/messaging';
import { ObservabilityModule } from '@herald/observability';
import { ApiRateLimitModule } from '@herald/tenant-limits';
import { AttemptsModule } from './attempts/attempts.module.js';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from './config.js';
import { HealthModule } from './health/health.module.js';
import { CLOCK, systemClock } from '@herald/runtime';
import { PartitionsModule } from './partitions/partitions.module.js';
import { RejectionsModule } from './rejections/rejections.module.js';
import { HEALTH_SETTINGS, healthSettings } from './settings.js';
import { HEALTH_MONITOR_ENTITIES, HEALTH_MONITOR_MIGRATIONS } from './schema.js';

@Module({})
export class AppModule {
  static forRoot(config: HealthMonitorConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          service: 'health-monitor',
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
          service: 'health-monitor',
          topics: ['attempt.v1', 'alert.v1', 'endpoint-control.v1', 'deferral.v1'],
        }),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'health',
          entities: HEALTH_MONITOR_ENTITIES,
          migrations: [...HEALTH_MONITOR_MIGRATIONS, ...QUARANTINE_MIGRATIONS],
        }),
        QuarantineModule.forRoot({ adminToken: config.HERALD_ADMIN_TOKEN }),
        // Requests per API key (HERALD_RATE_LIMIT_API): 429 rate_limited, one budget across replicas.
        ApiRateLimitModule.forRoot(config.HERALD_RATE_LIMIT_API),
        AttemptsModule,
        HealthModule,
        RejectionsModule,
        PartitionsModule,
      ],
      providers: [
        // Verifies portal session tokens in every API guard (none without the key).
        { provide: PortalTokens, useValue: new PortalTokens(config.HERALD_PORTAL_SIGNING_KEY) },
        { provide: HEALTH_MONITOR_CONFIG, useValue: config },
        { provide: HEALTH_SETTINGS, useValue: healthSettings(config) },
        { provide: CLOCK, useValue: systemClock },
      ],
      exports: [PortalTokens, HEALTH_MONITOR_CONFIG, HEALTH_SETTINGS, CLOCK],
    };
  }
}
