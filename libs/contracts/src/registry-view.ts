import { z } from 'zod';

/**
 * The registry's read model: what registry writes to the JetStream KV bucket
 * `<ns>_registry` and every other service watches into memory.
 * Producer: registry. Consumers: ingest, dispatcher, health-monitor.
 *
 * Keys: `tenant.<id>`, `apikey.<sha256 hex of the key>`, `endpoint.<id>`,
 * `eventtype.<id>` (see event-type-view.ts).
 */
export const tenantViewSchema = z.object({
  id: z.string(),
  name: z.string(),
});
export type TenantView = z.infer<typeof tenantViewSchema>;

/** Roles of API keys; what each may do is `ROLE_PERMISSIONS` in `@herald/api-auth`. */
export const apiKeyRoles = ['admin', 'configurator', 'viewer', 'publisher'] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

export const apiKeyViewSchema = z.object({
  keyId: z.string(),
  tenantId: z.string(),
  role: z.enum(apiKeyRoles),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

export const endpointViewSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  url: z.string(),
  /** Event-type filters: `name`, `name@<version>`, `*`, `prefix.*` (see `@herald/catalog`). */
  eventTypes: z.array(z.string()),
  channels: z.array(z.string()),
  enabled: z.boolean(),
  /** Standard Webhooks secret(s), newest first; all are used to sign. */
  secrets: z.array(z.string()).min(1),
  /**
   * The secret replaced by the latest rotation and when its grace period ends;
   * until then every request is signed with it too, so receivers can switch over.
   */
  previousSecret: z.object({ secret: z.string(), expiresAt: z.string() }).nullable().default(null),
  headers: z.record(z.string(), z.string()),
  /** Predicate over the producer's payload (`@herald/payload-filter`); null matches every payload. */
  payloadFilter: z.record(z.string(), z.unknown()).nullish(),
  timeoutMs: z.number().int().positive().nullable(),
  /** Requests in flight at once, per dispatcher replica; null = the default (10). */
  concurrency: z.number().int().positive().nullable().default(null),
  /** Requests per second, enforced; null = unlimited. */
  rateLimitPerSecond: z.number().positive().nullable().default(null),
  /**
   * Delays before attempt 2, 3, … in ms: the endpoint's own schedule, else its
   * tenant's default; null = the dispatcher's default schedule.
   */
  retryScheduleMs: z.array(z.number().int().nonnegative()).nullable().default(null),
  /** Why the endpoint was disabled (`endpoint_gone` after a 410, `operator`), when it is. */
  disabledReason: z.string().nullable().default(null),
  /** When it was disabled; held messages expire relative to it. */
  disabledAt: z.string().nullable().default(null),
  updatedAt: z.string(),
});
export type EndpointView = z.infer<typeof endpointViewSchema>;

/**
 * Delivery state the health-monitor decides and every dispatcher replica
 * obeys, in the KV bucket `<ns>_endpoint_state` under `endpoint.<id>`.
 * Producer: health-monitor (pause policy). Consumer: dispatcher.
 */
export const endpointStateSchema = z.object({
  endpointId: z.string(),
  tenantId: z.string(),
  state: z.enum(['paused']),
  /** Delivery resumes by itself at this time (ISO 8601). */
  until: z.string(),
  reason: z.string(),
  at: z.string(),
});
export type EndpointState = z.infer<typeof endpointStateSchema>;

export const REGISTRY_KEYS = {
  tenant: (id: string) => `tenant.${id}`,
  apiKey: (hash: string) => `apikey.${hash}`,
  endpoint: (id: string) => `endpoint.${id}`,
  eventType: (id: string) => `eventtype.${id}`,
} as const;
