import { QuarantineStore } from '@herald/quarantine';
import { startService } from '@herald/service';
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
export function startHealthMonitor(config: HealthMonitorConfig) {
  return startService({
    name: 'health-monitor',
    config,
    module: AppModule.forRoot(config),
    port: config.HERALD_HEALTH_MONITOR_PORT,
    apiDocs: HEALTH_MONITOR_API,
    jetstream: {
      partitioned: ['attempt.v1', 'deferral.v1'],
      poisonSink: (app) => app.get(QuarantineStore).sink,
      consumers: {
        'attempt.v1': {
          concurrency: config.HERALD_ATTEMPT_CONCURRENCY,
          maxAckPending: Math.max(10_000, config.HERALD_ATTEMPT_CONCURRENCY * 4),
        },
      },
    },
    started: (app, transport) => app.get(HealthPartitions).start(transport),
  });
}
