import { Module } from '@nestjs/common';
import { DispatcherMetrics } from './dispatcher-metrics.js';

/** The dispatcher's metric series (registered on the app's registry). */
@Module({ providers: [DispatcherMetrics], exports: [DispatcherMetrics] })
export class MetricsModule {}
