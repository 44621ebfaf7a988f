import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from '../config.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { AttemptFeed } from './attempt-feed.js';
import { AttemptLog } from './attempt-log.js';
import { AttemptStreamController } from './attempt-stream.controller.js';
import { AttemptRetention, RETENTION_SETTINGS } from './attempt-retention.js';
import { AttemptWriter, BATCH_SETTINGS } from './attempt-writer.js';
import { AttemptsController } from './attempts.controller.js';
import { AttemptsHandler } from './attempts.handler.js';
import { TenantAttemptsController } from './tenant-attempts.controller.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { LogMetrics } from './log-metrics.js';

/**
 * The attempt log: consumes outcomes (batched writes, retention), feeds the
 * windows and the policies, exports metrics and alert signals, serves the REST view.
 */
@Module({
  imports: [ApiAuthModule, EnforcementModule, WindowsModule],
  controllers: [
    AttemptStreamController,
    AttemptsController,
    TenantAttemptsController,
    AttemptsHandler,
  ],
  providers: [
    AttemptFeed,
    AttemptLog,
    AttemptWriter,
    DeliveryMetrics,
    LogMetrics,
    {
      provide: BATCH_SETTINGS,
      useFactory: (config: HealthMonitorConfig) => ({
        maxBatch: config.HERALD_ATTEMPT_BATCH_SIZE,
        lingerMs: config.HERALD_ATTEMPT_BATCH_WAIT,
      }),
      inject: [HEALTH_MONITOR_CONFIG],
    },
    {
      provide: RETENTION_SETTINGS,
      useFactory: (config: HealthMonitorConfig) => ({
        retentionMs: config.HERALD_ATTEMPT_RETENTION,
        intervalMs: config.HERALD_ATTEMPT_PRUNE_INTERVAL,
        chunk: 10_000,
      }),
      inject: [HEALTH_MONITOR_CONFIG],
    },
    AttemptRetention,
  ],
})
export class AttemptsModule {}
