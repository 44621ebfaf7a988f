import { Module } from '@nestjs/common';
import { HealthModule } from '../health/health.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { RejectionLog } from './rejection-log.js';
import { RejectionsHandler } from './rejections.handler.js';

/** Rejected-task reports from the dispatchers (`deferral.v1`) into the health windows. */
@Module({
  imports: [WindowsModule, HealthModule],
  controllers: [RejectionsHandler],
  providers: [RejectionLog],
})
export class RejectionsModule {}
