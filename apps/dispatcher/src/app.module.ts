import { serviceModule } from '@herald/service';
import { DISPATCHER_CONFIG, type DispatcherConfig } from './config.js';
import { DEAD_LETTER_MIGRATIONS, DeadLettersModule } from './dead-letters/dead-letters.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { PARKING_MIGRATIONS } from './parking/parking.module.js';
import { RANDOM, systemRandom } from '@herald/runtime';

/**
 * The dispatcher's delivery state lives in JetStream; its own `dispatcher`
 * schema keeps dead letters, replay jobs and parked (long-waiting) tasks. Ready when NATS, its streams and
 * Postgres answer.
 */
export const AppModule = serviceModule<DispatcherConfig>(() => ({
  name: 'dispatcher',
  configToken: DISPATCHER_CONFIG,
  consumes: ['deliver.v1'],
  // Parked and replayed tasks go back to `deliver.v1`.
  publishes: ['deliver.v1', 'attempt.v1', 'endpoint-control.v1', 'deferral.v1'],
  database: {
    schema: 'dispatcher',
    migrations: [...DEAD_LETTER_MIGRATIONS, ...PARKING_MIGRATIONS],
  },
  quarantine: true,
  secretBox: true,
  // Signs and sends requests: keeps endpoint secrets (encrypted) from the read model.
  keepEndpointSecrets: true,
  imports: [DeliveryModule, DeadLettersModule],
  providers: [{ provide: RANDOM, useValue: systemRandom }],
  exports: [RANDOM],
}));
