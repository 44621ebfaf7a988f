import { serviceModule } from '@herald/service';
import { AttemptsModule } from './attempts/attempts.module.js';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from './config.js';
import { HealthModule } from './health/health.module.js';
import { PartitionsModule } from './partitions/partitions.module.js';
import { RejectionsModule } from './rejections/rejections.module.js';
import { HEALTH_SETTINGS, healthSettings } from './settings.js';
import { HEALTH_MONITOR_ENTITIES, HEALTH_MONITOR_MIGRATIONS } from './schema.js';

/** The health-monitor: the attempt log, each endpoint's health, and the pause and disable policies. */
export const AppModule = serviceModule((config: HealthMonitorConfig) => ({
  name: 'health-monitor',
  configToken: HEALTH_MONITOR_CONFIG,
  consumes: ['attempt.v1', 'deferral.v1'],
  publishes: ['alert.v1', 'endpoint-control.v1'],
  database: {
    schema: 'health',
    entities: HEALTH_MONITOR_ENTITIES,
    migrations: HEALTH_MONITOR_MIGRATIONS,
  },
  quarantine: true,
  imports: [AttemptsModule, HealthModule, RejectionsModule, PartitionsModule],
  // The clock (`CLOCK` of @herald/runtime) comes with the service module.
  providers: [{ provide: HEALTH_SETTINGS, useValue: healthSettings(config) }],
  exports: [HEALTH_SETTINGS],
}));
