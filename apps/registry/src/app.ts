import { startService } from '@herald/service';
import { REGISTRY_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { RegistryConfig } from './config.js';
import { useSchemaLimits } from './event-types/event-type-input.js';
import { ReadModelSync } from './read-model/read-model.sync.js';
import { SecretExpirySweep } from './secrets/secret-expiry.sweep.js';
import { SecretsAtRest } from './secrets/secrets-at-rest.js';

/**
 * Starts the registry (HTTP, plus the JetStream consumer of
 * `endpoint-control.v1`); used by main.ts and by the integration tests.
 */
export function startRegistry(config: RegistryConfig) {
  useSchemaLimits({
    maxBytes: config.HERALD_MAX_SCHEMA_BYTES,
    maxDepth: config.HERALD_MAX_SCHEMA_DEPTH,
  });
  return startService({
    name: 'registry',
    config,
    module: AppModule.forRoot(config),
    port: config.HERALD_REGISTRY_PORT,
    apiDocs: REGISTRY_API,
    bodyLimit: '256kb',
    // Each reads every row: with many endpoints they would hold readiness back for seconds.
    afterReady: async (app) => {
      await app.get(SecretsAtRest).startUp();
      await app.get(ReadModelSync).startUp();
      await app.get(SecretExpirySweep).start();
    },
  });
}
