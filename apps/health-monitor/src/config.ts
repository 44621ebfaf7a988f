import { z } from 'zod';
import { commonEnv, durationVar, loadConfig, portVar } from '@herald/config';

const positiveDuration = (fallback: string) =>
  durationVar(fallback).refine((ms) => ms > 0, { message: 'must be longer than 0' });

/** Health-monitor's environment; validated once at start. */
export const healthMonitorEnvSchema = z.object({
  ...commonEnv,
  HERALD_HEALTH_MONITOR_PORT: portVar(8083),
  /** Attempt outcomes processed at once by one replica. */
  HERALD_ATTEMPT_CONCURRENCY: z.coerce.number().int().positive().default(32),
  /** Pause an endpoint after more than this many failures… */
  HERALD_PAUSE_THRESHOLD: z.coerce.number().int().positive().default(100),
  /** …within this sliding window… */
  HERALD_PAUSE_WINDOW: positiveDuration('10m'),
  /** …for this long; delivery then resumes by itself. */
  HERALD_PAUSE_DURATION: positiveDuration('10m'),
  /** How often expired pauses are swept from the state bucket (a timer ends each pause on time). */
  HERALD_PAUSE_SWEEP_INTERVAL: positiveDuration('5s'),
});

export type HealthMonitorConfig = z.infer<typeof healthMonitorEnvSchema>;
export const HEALTH_MONITOR_CONFIG = Symbol('HEALTH_MONITOR_CONFIG');

export const loadHealthMonitorConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(healthMonitorEnvSchema, env);
