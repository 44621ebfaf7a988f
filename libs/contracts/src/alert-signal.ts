import { z } from 'zod';
import { attemptReasons } from './attempt-outcome.js';

/**
 * `alert.v1` — something an operator or a tenant must hear about, now.
 * Producer: health-monitor (every kind but `test`), alerting (`test`, from
 * `POST /v1/alert-destinations/:id/test`). Consumer: alerting (routes,
 * de-duplicates, suppresses and sends to destinations).
 * Subject key: the alert kind. JetStream de-duplication id: `alertId`.
 *
 * Every signal carries a stable `alertId` (the same cause always yields the
 * same id), the tenant and the time of the event that caused it. None carries
 * a secret, a token or a custom header value: URLs are stripped of
 * credentials and query values, and errors are the dispatcher's own words.
 */
const envelope = {
  /** Stable id: the same cause always yields the same id, so receivers can de-duplicate. */
  alertId: z.string().min(1),
  tenantId: z.string().min(1),
  /** When the event that raised the alert happened (ISO 8601). */
  occurredAt: z.string(),
};

const endpointFields = {
  ...envelope,
  endpointId: z.string().min(1),
  /** Endpoint URL without credentials and without query values. */
  endpointUrl: z.string(),
};

/** A delivery failed its Nth attempt in a row and will be retried (N = HERALD_FAILING_ATTEMPTS). */
const deliveryFailingSchema = z.object({
  kind: z.literal('delivery.failing'),
  ...endpointFields,
  messageId: z.string().min(1),
  eventType: z.string().min(1),
  /** Attempts made so far, all failed. */
  attempts: z.number().int().positive(),
  statusCode: z.number().int().nullable(),
  reason: z.enum(attemptReasons),
  error: z.string().nullable(),
  /** When the next attempt is due. */
  nextAttemptAt: z.string().nullable(),
});

/** A delivery used its whole retry schedule: the "backend integration failed" alert. */
const deliveryExhaustedSchema = z.object({
  kind: z.literal('delivery.exhausted'),
  ...endpointFields,
  messageId: z.string().min(1),
  eventType: z.string().min(1),
  attempts: z.number().int().positive(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
});

/**
 * An endpoint was disabled by Herald: the receiver answered 410 Gone
 * (`endpoint_gone`), or its failures persisted for the disable period
 * (`failing_persistently`). Its messages are held, not lost.
 */
const endpointDisabledSchema = z.object({
  kind: z.literal('endpoint.disabled'),
  ...endpointFields,
  reason: z.string(),
  statusCode: z.number().int().nullable(),
  /** For `failing_persistently`: since when every attempt has failed. */
  failingSince: z.string().nullable().default(null),
});

/** The pause policy paused an endpoint; deliveries resume by themselves at `until`. */
const endpointPausedSchema = z.object({
  kind: z.literal('endpoint.paused'),
  ...endpointFields,
  failures: z.number().int().nonnegative(),
  windowMs: z.number().int().positive(),
  until: z.string(),
});

/**
 * Every attempt has failed since `failingSince`; unless one succeeds, the
 * endpoint is disabled at `disableAt`. Raised at 50, 75 and 90 % of the period.
 */
const endpointDisableWarningSchema = z.object({
  kind: z.literal('endpoint.disable_warning'),
  ...endpointFields,
  percent: z.number().int().min(1).max(99),
  failingSince: z.string(),
  disableAt: z.string(),
  /** Failed attempts since `failingSince`. */
  failures: z.number().int().positive(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
});

/** The "resolved" notice: an endpoint that was alerted about delivers again. */
const endpointRecoveredSchema = z.object({
  kind: z.literal('endpoint.recovered'),
  ...endpointFields,
  /** Kinds of the alerts raised for this endpoint since `incidentSince`, now resolved. */
  resolves: z.array(z.string()),
  /** When the first of those alerts was raised. */
  incidentSince: z.string(),
  /** Failed attempts between `incidentSince` and the recovery. */
  failures: z.number().int().nonnegative(),
});

/** A test alert, sent to one destination only: the "test webhook" button. */
const testSchema = z.object({
  kind: z.literal('test'),
  alertId: z.string().min(1),
  /** The destination's tenant; null for the platform operators' destination. */
  tenantId: z.string().min(1).nullable(),
  occurredAt: z.string(),
  destinationId: z.string().min(1),
  message: z.string(),
});

export const alertSignalSchema = z.discriminatedUnion('kind', [
  deliveryFailingSchema,
  deliveryExhaustedSchema,
  endpointDisabledSchema,
  endpointPausedSchema,
  endpointDisableWarningSchema,
  endpointRecoveredSchema,
  testSchema,
]);

export type AlertSignal = z.infer<typeof alertSignalSchema>;
export type AlertKind = AlertSignal['kind'];
/** Signals about one endpoint (every kind but `test`). */
export type EndpointAlertSignal = Exclude<AlertSignal, { kind: 'test' }>;

/** Every kind, in the order the docs list them. */
export const ALERT_KINDS = [
  'delivery.failing',
  'delivery.exhausted',
  'endpoint.paused',
  'endpoint.disable_warning',
  'endpoint.disabled',
  'endpoint.recovered',
  'test',
] as const satisfies readonly AlertKind[];

/** Compile-time proof that `ALERT_KINDS` lists every kind. */
type UnlistedKind = Exclude<AlertKind, (typeof ALERT_KINDS)[number]>;
export const ALERT_KINDS_COMPLETE: UnlistedKind extends never ? true : never = true;
