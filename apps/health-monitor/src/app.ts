import { ApiExceptionFilter } from '@herald/http-api';
import { attachJetStream, NatsClient, poisonPolicyOf } from '@herald/messaging';
import { QuarantineStore } from '@herald/quarantine';
import { bootstrapService } from '@herald/observability';
import { HEALTH_MONITOR_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { HealthMonitorConfig } from './config.js';

/** Starts the health-monitor (HTTP + JetStream consumer); used by main.ts and the integration tests. */
export function startHealthMonitor(config: HealthMonitorConfig) {
  return bootstrapService({
    jsonLimits: { maxDepth: config.HERALD_MAX_JSON_DEPTH, maxKeys: config.HERALD_MAX_JSON_KEYS },
    service: 'health-monitor',
    logLevel: config.LOG_LEVEL,
    module: AppModule.forRoot(config),
    host: config.HERALD_HOST,
    port: config.HERALD_HEALTH_MONITOR_PORT,
    httpFilters: [new ApiExceptionFilter()],
    apiDocs: HEALTH_MONITOR_API,
    attachTransport: (app) =>
      attachJetStream(app, app.get(NatsClient), {
        service: 'health-monitor',
        poison: { sink: app.get(QuarantineStore).sink, policy: poisonPolicyOf(config) },
        consumers: {
          'attempt.v1': {
            concurrency: config.HERALD_ATTEMPT_CONCURRENCY,
            maxAckPending: Math.max(10_000, config.HERALD_ATTEMPT_CONCURRENCY * 4),
          },
        },
      }),
  });
}
