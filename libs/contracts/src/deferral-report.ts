import { z } from 'zod';

/**
 * Deferrals that the health view counts as **rejected**: tasks put back
 * without an attempt because the endpoint's breaker was open
 * (`breaker_open`) or the endpoint was paused (`endpoint_paused`): the
 * "rejected responses" of the health view. Other deferrals (not yet due, disabled,
 * mailbox full) are not rejections and are not reported.
 */
export const rejectionReasons = ['breaker_open', 'endpoint_paused'] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/**
 * `deferral.v1` — how many of one endpoint's tasks one dispatcher replica
 * rejected during one reporting interval (default 5 s). Counters, not one
 * message per deferral, so an open breaker in front of a backlog costs one
 * message per endpoint and interval, not one per task.
 * Producer: dispatcher. Consumer: health-monitor (rejected counts of the health histogram).
 * Subject key: the endpoint id. JetStream de-duplication id: `reportId`.
 */
export const deferralReportSchema = z.object({
  /** `<replica>:<endpointId>:<sequence>`, unique per report. */
  reportId: z.string().min(1),
  tenantId: z.string().min(1),
  endpointId: z.string().min(1),
  /** Dispatcher replica that counted (host:pid). */
  replica: z.string().min(1),
  /** Start and end of the interval the counts cover (ISO 8601). */
  from: z.string(),
  to: z.string(),
  counts: z.object({
    breaker_open: z.number().int().nonnegative(),
    endpoint_paused: z.number().int().nonnegative(),
  }),
});

export type DeferralReport = z.infer<typeof deferralReportSchema>;
