import { Module } from '@nestjs/common';
import type { BreakerSettings } from '@herald/resilience';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { BREAKER_SETTINGS, EndpointBreakers } from './endpoint-breakers.js';

/** Per-endpoint circuit breakers, configured from the environment. */
@Module({
  imports: [MetricsModule],
  providers: [
    {
      provide: BREAKER_SETTINGS,
      useFactory: (config: DispatcherConfig): BreakerSettings => ({
        errorThresholdPercentage: config.HERALD_BREAKER_ERROR_PERCENT,
        volumeThreshold: config.HERALD_BREAKER_VOLUME,
        rollingCountTimeoutMs: config.HERALD_BREAKER_WINDOW,
        resetTimeoutMs: config.HERALD_BREAKER_RESET,
      }),
      inject: [DISPATCHER_CONFIG],
    },
    EndpointBreakers,
  ],
  exports: [EndpointBreakers],
})
export class BreakerModule {}
