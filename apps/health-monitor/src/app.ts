import { ApiExceptionFilter } from '@herald/http-api';
import {
  attachJetStreamTransport,
  JetStreamTransport,
  NatsClient,
  poisonPolicyOf,
} from '@herald/messaging';
import { QuarantineStore } from '@herald/quarantine';
import { bootstrapService } from '@herald/observability';
import { HEALTH_MONITOR_API } from './api-docs.js';
import { AppModule } from './app.module.js';
import type { HealthMonitorConfig } from './config.js';
import { HealthPartitions } from './partitions/health-partitions.js';

/**
 * Starts the health-monitor (HTTP + JetStream consumers); used by main.ts and
 * the integration tests. Attempts and deferral reports are consumed per
 * health partition: the app resolves once this replica has taken its first
 * share of the partitions.
 */
export async function startHealthMonitor(config: HealthMonitorConfig) {
  let transport: JetStreamTransport | null = null;
  const app = await bootstrapService({
    jsonLimits: { maxDepth: config.HERALD_MAX_JSON_DEPTH, maxKeys: config.HERALD_MAX_JSON_KEYS },
    service: 'health-monitor',
    logLevel: config.LOG_LEVEL,
    module: AppModule.forRoot(config),
    host: config.HERALD_HOST,
    port: config.HERALD_HEALTH_MONITOR_PORT,
    httpFilters: [new ApiExceptionFilter()],
    apiDocs: HEALTH_MONITOR_API,
    attachTransport: (app) => {
      transport = new JetStreamTransport(app.get(NatsClient), {
        service: 'health-monitor',
        partitioned: ['attempt.v1', 'deferral.v1'],
        poison: { sink: app.get(QuarantineStore).sink, policy: poisonPolicyOf(config) },
        consumers: {
          'attempt.v1': {
            concurrency: config.HERALD_ATTEMPT_CONCURRENCY,
            maxAckPending: Math.max(10_000, config.HERALD_ATTEMPT_CONCURRENCY * 4),
          },
        },
      });
      attachJetStreamTransport(app, transport);
    },
  });
  await app.get(HealthPartitions).start(transport!);
  return app;
}
