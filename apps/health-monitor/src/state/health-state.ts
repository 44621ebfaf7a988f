import type { StateSettings } from '../settings.js';
import type { Counts } from '../windows/minute-counts.js';

/**
 * An endpoint's health state — a pure function of what the health-monitor
 * knows, evaluated in this order (the first rule that holds wins):
 *
 * | state      | when                                                                     |
 * | ---------- | ------------------------------------------------------------------------ |
 * | `disabled` | the registry has the endpoint disabled (410, disable policy, operator)   |
 * | `paused`   | a pause is in force                                                      |
 * | `failing`  | the last `failingStreak` attempts all failed, or a dispatcher replica's  |
 * |            | breaker is open, or ≥ `failingErrorRatio` of ≥ `minAttempts` attempts in |
 * |            | the state window failed                                                  |
 * | `degraded` | in the state window: ≥ `degradedErrorRatio` of attempts failed, or       |
 * |            | ≥ `degradedSlowRatio` were slow, or tasks were rejected; or the latest   |
 * |            | attempt failed; or a breaker is half-open                                |
 * | `healthy`  | otherwise — including an endpoint with no recent traffic                 |
 */
export const HEALTH_STATES = ['healthy', 'degraded', 'failing', 'paused', 'disabled'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export type BreakerSummary = 'closed' | 'half_open' | 'open';

export interface StateInput {
  enabled: boolean;
  /** End of the pause in force (epoch ms), or null. */
  pausedUntil: number | null;
  now: number;
  /** Failed attempts since the last success. */
  consecutiveFailures: number;
  /** Counts over the state window. */
  recent: Counts;
  /** The worst breaker state any dispatcher replica reports for the endpoint. */
  breaker: BreakerSummary;
}

export interface StateVerdict {
  state: HealthState;
  /** Why, in words an integrator understands. */
  reason: string;
}

export function healthState(input: StateInput, settings: StateSettings): StateVerdict {
  if (!input.enabled) return { state: 'disabled', reason: 'the endpoint is disabled' };
  if (input.pausedUntil !== null && input.pausedUntil > input.now) {
    return {
      state: 'paused',
      reason: `paused until ${new Date(input.pausedUntil).toISOString()}`,
    };
  }
  const { successful, slow, error, rejected } = input.recent;
  const attempts = successful + slow + error;
  const window = `in the last ${settings.windowMinutes} min`;
  const errorRatio = attempts === 0 ? 0 : error / attempts;
  if (input.consecutiveFailures >= settings.failingStreak) {
    return { state: 'failing', reason: `the last ${input.consecutiveFailures} attempts failed` };
  }
  if (input.breaker === 'open') {
    return { state: 'failing', reason: 'a dispatcher’s circuit breaker is open' };
  }
  if (attempts >= settings.minAttempts && errorRatio >= settings.failingErrorRatio) {
    return {
      state: 'failing',
      reason: `${percent(errorRatio)} of ${attempts} attempts failed ${window}`,
    };
  }
  if (attempts > 0 && errorRatio >= settings.degradedErrorRatio) {
    return {
      state: 'degraded',
      reason: `${percent(errorRatio)} of ${attempts} attempts failed ${window}`,
    };
  }
  if (input.consecutiveFailures > 0) {
    return { state: 'degraded', reason: 'the latest attempt failed' };
  }
  if (attempts > 0 && slow / attempts >= settings.degradedSlowRatio) {
    return {
      state: 'degraded',
      reason: `${percent(slow / attempts)} of ${attempts} attempts were slow ${window}`,
    };
  }
  if (rejected > 0) {
    return {
      state: 'degraded',
      reason: `${rejected} deliveries rejected (breaker open or paused) ${window}`,
    };
  }
  if (input.breaker === 'half_open') {
    return { state: 'degraded', reason: 'a dispatcher’s circuit breaker is probing the endpoint' };
  }
  return { state: 'healthy', reason: `${attempts} attempts ${window}` };
}

/** Severity for ranking endpoints (metrics cap): higher is worse; healthy and disabled rank 0. */
export const SEVERITY: Record<HealthState, number> = {
  healthy: 0,
  disabled: 0,
  degraded: 1,
  paused: 2,
  failing: 3,
};

const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;
