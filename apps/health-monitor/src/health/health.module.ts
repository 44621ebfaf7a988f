import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { BreakersModule } from '../breakers/breakers.module.js';
import { HealthMetrics } from '../metrics/health-metrics.js';
import { JetStreamMetrics } from '../metrics/jetstream-metrics.js';
import { PartitionsModule } from '../partitions/partitions.module.js';
import { PauseModule } from '../pause/pause.module.js';
import { PoliciesModule } from '../policies/policies.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { EndpointHealth } from './endpoint-health.js';
import { HealthSettingsService } from './health-settings.service.js';
import { HealthController } from './health.controller.js';

/** The health view (REST) and the metrics computed from it. */
@Module({
  imports: [
    ApiAuthModule,
    WindowsModule,
    PoliciesModule,
    PauseModule,
    BreakersModule,
    PartitionsModule,
  ],
  controllers: [HealthController],
  providers: [EndpointHealth, HealthSettingsService, HealthMetrics, JetStreamMetrics],
  exports: [HealthMetrics],
})
export class HealthModule {}
