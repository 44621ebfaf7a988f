import { serviceModule } from '@herald/service';
import { AlertsModule } from './alerts/alerts.module.js';
import { ALERTING_CONFIG, type AlertingConfig } from './config.js';
import { ALERTING_ENTITIES, ALERTING_MIGRATIONS } from './schema.js';

/** Alerting: delivers alert signals to the tenants' and the operators' destinations. */
export const AppModule = serviceModule<AlertingConfig>(() => ({
  name: 'alerting',
  configToken: ALERTING_CONFIG,
  consumes: ['alert.v1'],
  publishes: [],
  database: {
    schema: 'alerting',
    entities: ALERTING_ENTITIES,
    migrations: ALERTING_MIGRATIONS,
  },
  quarantine: true,
  secretBox: true,
  // Signs and sends requests: keeps endpoint secrets (encrypted) from the read model.
  keepEndpointSecrets: true,
  imports: [AlertsModule],
}));
