import { Module } from '@nestjs/common';
import { hostname } from 'node:os';
import { NatsClient } from '@herald/messaging';
import type { BreakerSettings } from '@herald/resilience';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../config.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import {
  BREAKER_ANNOUNCER,
  BREAKER_SETTINGS,
  EndpointBreakers,
  type BreakerAnnouncer,
} from './endpoint-breakers.js';

const encoder = new TextEncoder();

/** Per-endpoint circuit breakers, configured from the environment; state changes go to `<ns>.breaker.v1.<endpointId>`. */
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
    {
      // Core NATS, fire and forget: breaker state is per replica and transient.
      provide: BREAKER_ANNOUNCER,
      useFactory: (nats: NatsClient): BreakerAnnouncer => {
        const replica = `${hostname()}:${process.pid}`;
        return (change) =>
          nats.connection.publish(
            nats.ns.breakerSubject(change.endpointId),
            encoder.encode(JSON.stringify({ ...change, replica })),
          );
      },
      inject: [NatsClient],
    },
    EndpointBreakers,
  ],
  exports: [EndpointBreakers],
})
export class BreakerModule {}
