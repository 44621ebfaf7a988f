import { Module } from '@nestjs/common';
import { ApiAuthModule } from '@herald/api-auth';
import { BreakersModule } from '../breakers/breakers.module.js';
import { PartitionsModule } from '../partitions/partitions.module.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { EndpointHealth } from './endpoint-health.js';
import { HealthSettingsService } from './health-settings.service.js';
import { HealthController } from './health.controller.js';

/** The health view of each endpoint, and its REST API (reads and per-endpoint settings). */
@Module({
  imports: [ApiAuthModule, WindowsModule, EnforcementModule, BreakersModule, PartitionsModule],
  controllers: [HealthController],
  providers: [EndpointHealth, HealthSettingsService],
  exports: [EndpointHealth],
})
export class HealthModule {}
