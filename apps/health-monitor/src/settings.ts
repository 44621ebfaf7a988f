import type { HealthMonitorConfig } from './config.js';
import type { RunnerSettings } from './enforcement/policy-runner.js';
import type { StateSettings } from './state/health-state.js';
import { DEFAULT_STATE_SETTINGS } from './state/health-state.js';
import type { WindowSettings } from './windows/endpoint-window.js';

/** Every health setting, derived once from the environment. */
export interface HealthSettings {
  windows: WindowSettings;
  state: StateSettings;
  policies: RunnerSettings;
  defaultSlowMs: number;
  failingAfterAttempts: number;
  metricsEndpointLimit: number;
}

export const HEALTH_SETTINGS = Symbol('HEALTH_SETTINGS');

/** How often changed endpoint records are written between decisions. */
const RECORD_FLUSH_MS = 5_000;

export function healthSettings(config: HealthMonitorConfig): HealthSettings {
  return {
    windows: {
      histogramMinutes: 1_440,
      responseTimeMinutes: 30,
      latestErrors: config.HERALD_HEALTH_LATEST_ERRORS,
    },
    state: {
      ...DEFAULT_STATE_SETTINGS,
      windowMinutes: Math.max(1, Math.round(config.HERALD_HEALTH_STATE_WINDOW / 60_000)),
      failingStreak: config.HERALD_HEALTH_FAILING_STREAK,
    },
    policies: {
      pause: {
        threshold: config.HERALD_PAUSE_THRESHOLD,
        windowMs: config.HERALD_PAUSE_WINDOW,
        durationMs: config.HERALD_PAUSE_DURATION,
      },
      disable: {
        periodMs: config.HERALD_DISABLE_AFTER,
        warnAtPercent: config.HERALD_DISABLE_WARNINGS,
      },
      recovery: { successesToRecover: config.HERALD_RECOVERY_SUCCESSES },
      flushIntervalMs: RECORD_FLUSH_MS,
      sweepIntervalMs: config.HERALD_PAUSE_SWEEP_INTERVAL,
    },
    defaultSlowMs: config.HERALD_SLOW_THRESHOLD,
    failingAfterAttempts: config.HERALD_FAILING_ATTEMPTS,
    metricsEndpointLimit: config.HERALD_METRICS_ENDPOINT_LIMIT,
  };
}
