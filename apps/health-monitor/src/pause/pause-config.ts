import type { HealthMonitorConfig } from '../config.js';
import type { PauseSettings } from './pause-policy.js';

/** The policy's settings plus how often expired pauses are swept. */
export interface PauseConfig extends PauseSettings {
  sweepIntervalMs: number;
}

export const PAUSE_CONFIG = Symbol('PAUSE_CONFIG');

export function pauseConfig(config: HealthMonitorConfig): PauseConfig {
  return {
    threshold: config.HERALD_PAUSE_THRESHOLD,
    windowMs: config.HERALD_PAUSE_WINDOW,
    durationMs: config.HERALD_PAUSE_DURATION,
    sweepIntervalMs: config.HERALD_PAUSE_SWEEP_INTERVAL,
  };
}
