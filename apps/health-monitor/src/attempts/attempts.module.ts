import { Module } from '@nestjs/common';
import { RegistryViewModule } from '@herald/registry-view';
import { PauseModule } from '../pause/pause.module.js';
import { AttemptLog } from './attempt-log.js';
import { AttemptsController } from './attempts.controller.js';
import { AttemptsHandler } from './attempts.handler.js';
import { TenantAttemptsController } from './tenant-attempts.controller.js';
import { DeliveryMetrics } from './delivery-metrics.js';

/** The attempt log: consumes outcomes, exports metrics, alert signals and pauses, serves the REST view. */
@Module({
  imports: [RegistryViewModule, PauseModule],
  controllers: [AttemptsController, TenantAttemptsController, AttemptsHandler],
  providers: [AttemptLog, DeliveryMetrics],
})
export class AttemptsModule {}
