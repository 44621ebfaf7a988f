import { z } from 'zod';
import { commonEnv, durationVar, loadConfig, portVar } from '@herald/config';

/** Unset and empty (`VAR=` in an env file) both mean "not configured". */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const optionalHttpUrl = optionalText.refine(
  (value) => {
    if (value === undefined) return true;
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  },
  { message: 'expected a URL with scheme http: or https:' },
);

/**
 * Alerting's environment; validated once at start. A webhook destination
 * needs its token: setting the URL alone fails fast rather than sending
 * unauthenticated alerts. Problems name the variable, never its value.
 */
export const alertingEnvSchema = z
  .object({
    ...commonEnv,
    HERALD_ALERTING_PORT: portVar(8084),
    /** Where operator alerts are POSTed; unset → alerts are stored as `skipped`. */
    HERALD_ALERT_WEBHOOK_URL: optionalHttpUrl,
    /** Sent as `Authorization: Bearer <token>`; never logged or stored. */
    HERALD_ALERT_TOKEN: optionalText,
    /** Whole-request deadline of one alert POST. */
    HERALD_ALERT_TIMEOUT: durationVar('10s'),
  })
  .refine((env) => env.HERALD_ALERT_WEBHOOK_URL === undefined || !!env.HERALD_ALERT_TOKEN, {
    path: ['HERALD_ALERT_TOKEN'],
    message: 'required when HERALD_ALERT_WEBHOOK_URL is set',
  });

export type AlertingConfig = z.infer<typeof alertingEnvSchema>;
export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');

export const loadAlertingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(alertingEnvSchema, env);
