import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { RejectionLog } from './rejection-log.js';
import { RejectionsHandler } from './rejections.handler.js';

/** Rejected-task reports from the dispatchers (`deferral.v1`) into the health windows. */
@Module({
  imports: [WindowsModule, MetricsModule],
  controllers: [RejectionsHandler],
  providers: [RejectionLog],
})
export class RejectionsModule {}
