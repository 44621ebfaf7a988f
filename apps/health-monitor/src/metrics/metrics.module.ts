import { Module } from '@nestjs/common';
import { BreakersModule } from '../breakers/breakers.module.js';
import { HealthModule } from '../health/health.module.js';
import { PartitionsModule } from '../partitions/partitions.module.js';
import { WindowsModule } from '../windows/windows.module.js';
import { HealthMetrics } from './health-metrics.js';
import { JetStreamMetrics } from './jetstream-metrics.js';

/** Prometheus series computed from the health view and from JetStream, at scrape time. */
@Module({
  imports: [HealthModule, BreakersModule, PartitionsModule, WindowsModule],
  providers: [HealthMetrics, JetStreamMetrics],
  exports: [HealthMetrics],
})
export class MetricsModule {}
