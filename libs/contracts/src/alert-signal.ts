import { z } from 'zod';

/**
 * `alert.v1` — something an operator must hear about, now.
 * Producer: health-monitor. Consumer: alerting (routes and sends to destinations).
 * Subject key: the alert kind. JetStream de-duplication id: `alertId`.
 */
const deliveryExhaustedSchema = z.object({
  kind: z.literal('delivery.exhausted'),
  /** Stable id: the same cause always yields the same id, so receivers can de-duplicate. */
  alertId: z.string().min(1),
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  endpointUrl: z.string(),
  messageId: z.string().min(1),
  eventType: z.string().min(1),
  attempts: z.number().int().positive(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  occurredAt: z.string(),
});

/** An endpoint was disabled: the receiver answered 410 Gone, or an operator did it. */
const endpointDisabledSchema = z.object({
  kind: z.literal('endpoint.disabled'),
  alertId: z.string().min(1),
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  endpointUrl: z.string(),
  reason: z.string(),
  statusCode: z.number().int().nullable(),
  occurredAt: z.string(),
});

/** The pause policy paused an endpoint; deliveries resume by themselves at `until`. */
const endpointPausedSchema = z.object({
  kind: z.literal('endpoint.paused'),
  alertId: z.string().min(1),
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  endpointUrl: z.string(),
  failures: z.number().int().nonnegative(),
  windowMs: z.number().int().positive(),
  until: z.string(),
  occurredAt: z.string(),
});

export const alertSignalSchema = z.discriminatedUnion('kind', [
  deliveryExhaustedSchema,
  endpointDisabledSchema,
  endpointPausedSchema,
]);

export type AlertSignal = z.infer<typeof alertSignalSchema>;
export type AlertKind = AlertSignal['kind'];
