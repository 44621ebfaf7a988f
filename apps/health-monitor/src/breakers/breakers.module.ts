import { Module } from '@nestjs/common';
import { HEALTH_MONITOR_CONFIG, type HealthMonitorConfig } from '../config.js';
import { BreakerListener } from './breaker-listener.js';
import { BreakerStates } from './breaker-states.js';

/** The dispatchers' breaker states, followed from core NATS. */
@Module({
  providers: [
    {
      provide: BreakerStates,
      useFactory: (config: HealthMonitorConfig) =>
        new BreakerStates(config.HERALD_BREAKER_STATE_TTL),
      inject: [HEALTH_MONITOR_CONFIG],
    },
    BreakerListener,
  ],
  exports: [BreakerStates],
})
export class BreakersModule {}
