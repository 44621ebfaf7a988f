import { z } from 'zod';

/**
 * Published on core NATS at `<ns>.breaker.v1.<endpointId>` whenever a
 * dispatcher replica's breaker for an endpoint changes state. Informational
 * (dashboards, debugging): each replica has its own breaker.
 * Producer: dispatcher. Consumers: anyone interested (health-monitor, operators).
 */
export const breakerStateSchema = z.object({
  endpointId: z.string(),
  tenantId: z.string(),
  state: z.enum(['closed', 'open', 'half_open']),
  /** Identifies the dispatcher replica. */
  replica: z.string(),
  at: z.string(),
});

export type BreakerState = z.infer<typeof breakerStateSchema>;
