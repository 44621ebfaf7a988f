import type { HealthMonitorConfig } from './config.js';

/*
 * Every tunable of the health-monitor, with its type. This file and
 * `config.ts` import nothing else of the app: every folder may import them.
 */

/** The sliding windows of each endpoint (`windows/`). */
export interface WindowSettings {
  /** Span of the histogram, in minutes (1440 = 24 h). */
  histogramMinutes: number;
  /** Span of fastest / average / slowest, in minutes (30). */
  responseTimeMinutes: number;
  /** How many recent failures are kept. */
  latestErrors: number;
}

/** Thresholds of the health state (`state/health-state.ts`). */
export interface StateSettings {
  /** Minutes of history the ratios look at. */
  windowMinutes: number;
  failingStreak: number;
  failingErrorRatio: number;
  minAttempts: number;
  degradedErrorRatio: number;
  degradedSlowRatio: number;
}

export const DEFAULT_STATE_SETTINGS: StateSettings = {
  windowMinutes: 5,
  failingStreak: 5,
  failingErrorRatio: 0.5,
  minAttempts: 10,
  degradedErrorRatio: 0.1,
  degradedSlowRatio: 0.25,
};

/** The pause policy (`policies/pause-policy.ts`). */
export interface PauseSettings {
  /** Failures tolerated in one window; one more pauses. */
  threshold: number;
  windowMs: number;
  durationMs: number;
}

/** The disable policy (`policies/disable-policy.ts`). */
export interface DisableSettings {
  periodMs: number;
  /** Ascending percentages of the period at which to warn. */
  warnAtPercent: readonly number[];
}

/** Recovery (`policies/recovery-policy.ts`). */
export interface RecoverySettings {
  successesToRecover: number;
}

/** The settings of every endpoint policy. */
export interface PolicySettings {
  pause: PauseSettings;
  disable: DisableSettings;
  recovery: RecoverySettings;
}

/** The policies and how the runner (`enforcement/policy-runner.ts`) keeps their state. */
export interface RunnerSettings extends PolicySettings {
  /** How often changed records are written (decisions are written at once). */
  flushIntervalMs: number;
  /** How often expired pauses are deleted and pauses stored by others adopted. */
  sweepIntervalMs: number;
}

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
