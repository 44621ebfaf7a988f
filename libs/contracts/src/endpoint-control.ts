import { z } from 'zod';

/**
 * `endpoint-control.v1` — a change to an endpoint that the registry must
 * record, because the registry alone writes endpoints.
 * Producers: dispatcher (a 410 Gone disables the endpoint, reason
 * `endpoint_gone`), health-monitor (failures persisted for the disable
 * period, reason `failing_persistently`). Consumer: registry.
 * Subject key: the endpoint id. JetStream de-duplication id: `commandId`.
 */
export const endpointControlSchema = z.object({
  commandId: z.string().min(1),
  endpointId: z.string().min(1),
  tenantId: z.string().min(1),
  action: z.literal('disable'),
  /** `endpoint_gone` for a 410, `failing_persistently` from the health-monitor's disable policy. */
  reason: z.string().min(1),
  statusCode: z.number().int().nullable(),
  at: z.string(),
});

export type EndpointControl = z.infer<typeof endpointControlSchema>;
