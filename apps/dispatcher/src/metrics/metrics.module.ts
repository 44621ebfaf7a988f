import { Module } from '@nestjs/common';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { DispatcherMetrics, METRICS_ENDPOINT_LIMIT } from './dispatcher-metrics.js';

/** The dispatcher's metric series (registered on the app's registry). */
@Module({
  providers: [
    DispatcherMetrics,
    {
      provide: METRICS_ENDPOINT_LIMIT,
      useFactory: (config: DispatcherConfig) => config.HERALD_METRICS_ENDPOINT_LIMIT,
      inject: [DISPATCHER_CONFIG],
    },
  ],
  exports: [DispatcherMetrics],
})
export class MetricsModule {}
