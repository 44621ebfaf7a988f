import { z } from 'zod';
import { secretsEnv, secretsKeyRequired } from '@herald/secrets-crypto';
import { ssrfEnv } from '@herald/ssrf';
import { apiRateLimitEnv, quotaEnv } from '@herald/tenant-limits';
import {
  adminTokenEnv,
  checkAdminToken,
  checkNatsAuth,
  commonEnv,
  durationVar,
  loadConfig,
  optionalTextVar,
  portVar,
} from '@herald/config';

const optionalText = optionalTextVar();

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
    /** The operators' destination, managed by the environment; unset → managed over the API. */
    HERALD_ALERT_WEBHOOK_URL: optionalHttpUrl,
    /** Its token: `Authorization: Bearer <token>` and the signing key; never logged. */
    HERALD_ALERT_TOKEN: optionalText,
    /** Operators' bearer token for the operator destination's API; unset → no operator API. */
    HERALD_ADMIN_TOKEN: optionalText,
    ...adminTokenEnv,
    /** Whole-request deadline of one alert POST. */
    HERALD_ALERT_TIMEOUT: durationVar('10s'),
    /** Alerts of one kind about one endpoint within this window of the last one sent are suppressed. */
    HERALD_ALERT_SUPPRESSION_WINDOW: durationVar('10m'),
    /** A destination that keeps refusing an alert is retried for this long, then given up on. */
    HERALD_ALERT_MAX_AGE: durationVar('24h'),
    /** Public base URL of Herald's REST API, for the links in alerts; unset → paths only. */
    HERALD_PUBLIC_API_URL: optionalHttpUrl,
    /** The SSRF guard (see `@herald/ssrf`); off also allows http:// destinations. */
    ...ssrfEnv,
    /** Encrypts destination tokens at rest; opens endpoint secrets to scrub them from alerts. */
    ...secretsEnv,
    /** Per-tenant quotas; alerting enforces HERALD_QUOTA_ALERT_DESTINATIONS. */
    ...quotaEnv,
    /** Requests per API key on the destinations and alerts routes, `<count>/<duration>` or `off`. */
    ...apiRateLimitEnv,
  })
  .refine(secretsKeyRequired.check, secretsKeyRequired.params)
  .superRefine(checkNatsAuth)
  .superRefine(checkAdminToken)
  .refine((env) => env.HERALD_ALERT_WEBHOOK_URL === undefined || !!env.HERALD_ALERT_TOKEN, {
    path: ['HERALD_ALERT_TOKEN'],
    message: 'required when HERALD_ALERT_WEBHOOK_URL is set',
  });

export type AlertingConfig = z.infer<typeof alertingEnvSchema>;
export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');

export const loadAlertingConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(alertingEnvSchema, env);
