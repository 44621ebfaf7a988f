import { z } from 'zod';
import { apiSchema, apiSchemaShowingSecret, pageSchema } from '@herald/http-api';
import { formatDuration } from '@herald/resilience';
import type { EndpointEntity } from '../entities/endpoint.entity.js';

const endpointFields = {
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  channels: z.array(z.string()),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().meta({
    description:
      "`operator`, or the dispatcher's reason (`endpoint_gone`) while disabled; else null.",
  }),
  disabledAt: z.iso.datetime().nullable(),
  headers: z.record(z.string(), z.string()).meta({
    description:
      'Values are `[redacted]` in lists and for keys that may not manage secrets (viewers).',
  }),
  payloadFilter: z.record(z.string(), z.unknown()).nullable().meta({
    description: 'Predicate over the payload; null delivers every payload.',
  }),
  metadata: z.record(z.string(), z.string()),
  timeoutMs: z.number().int().nullable(),
  concurrency: z.number().int().nullable(),
  rateLimit: z.number().nullable().meta({ description: 'Requests per second.' }),
  retrySchedule: z.array(z.string()).nullable().meta({
    description: 'In normal form (`90s`, `10m`, `2h`), whatever spelling it was given in.',
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

const example = {
  id: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
  url: 'https://example.com/webhooks/herald',
  description: 'CRM sync',
  eventTypes: ['message_created', 'conversation.*'],
  channels: ['whatsapp'],
  enabled: true,
  disabledReason: null,
  disabledAt: null,
  headers: { authorization: 'Bearer receiver-token' },
  payloadFilter: { status: { $in: ['read'] } },
  metadata: { team: 'support' },
  timeoutMs: 10_000,
  concurrency: null,
  rateLimit: null,
  retrySchedule: ['5s', '5m', '30m', '2h'],
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
};

/** An endpoint as the REST API shows it: never with its secret (see `/secret`). */
export const endpointResponseSchema = apiSchema(z.object(endpointFields), {
  id: 'Endpoint',
  example,
});
export type EndpointResponse = z.infer<typeof endpointResponseSchema>;

/** `POST /v1/endpoints`: the endpoint and, this once in the response, its signing secret. */
export const createdEndpointSchema = apiSchemaShowingSecret(
  'CreatedEndpoint',
  endpointFields,
  example,
  {
    name: 'secret',
    description: 'Standard Webhooks signing secret (`whsec_…`); also at `GET …/secret`.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  },
);

export type CreatedEndpoint = z.infer<typeof createdEndpointSchema>;

export const endpointListSchema = apiSchema(pageSchema(endpointResponseSchema), {
  description: "The caller's endpoints, oldest first.",
  example: { data: [example], nextCursor: null },
});

/** What a header value is shown as where it may not be revealed (as in the attempt log). */
export const REDACTED = '[redacted]';

/** Header names with their values hidden. */
export const maskedHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.keys(headers).map((name) => [name, REDACTED]));

/**
 * The row as the API shows it. `headers` is what the caller may see of the
 * custom headers: their values decrypted, or masked (`maskedHeaders`); the
 * row itself holds them encrypted.
 */
export const toEndpointResponse = (
  row: EndpointEntity,
  headers: Record<string, string> = maskedHeaders(row.headers),
): EndpointResponse => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  channels: row.channels,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  headers,
  payloadFilter: row.payloadFilter as Record<string, unknown> | null,
  metadata: row.metadata,
  timeoutMs: row.timeoutMs,
  concurrency: row.concurrency,
  rateLimit: row.rateLimitPerSecond,
  retrySchedule: row.retryScheduleMs?.map(formatDuration) ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
