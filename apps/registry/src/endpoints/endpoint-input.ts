import { z } from 'zod';
import { apiSchema } from '@herald/http-api';
import { checkPayloadFilter } from '@herald/payload-filter';
import { checkEventTypeFilter, headerProblems } from './endpoint-rules.js';
import type { AddressCheck } from './endpoint-url.js';
import { checkEndpointUrl } from './endpoint-url.js';
import { retryScheduleInput } from './retry-schedule.js';

/** What the URL rule needs from configuration. */
export interface UrlRules {
  policy: AddressCheck;
  maxLength: number;
}

const withReason = (check: (value: string) => string | null) =>
  z.string().superRefine((value, ctx) => {
    const reason = check(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

const unique = (values: string[]) => [...new Set(values)];

export const MAX_METADATA_LABELS = 32;
const LABEL_KEY = /^[A-Za-z0-9_.:/-]{1,64}$/;

/** Free-form labels: at most 32, keys of letters, digits and `_.:/-`, string values. */
const metadata = z
  .record(
    z.string().regex(LABEL_KEY, 'label names are 1 to 64 letters, digits or _.:/-'),
    z.string().max(512, 'must be at most 512 characters'),
  )
  .refine((labels) => Object.keys(labels).length <= MAX_METADATA_LABELS, {
    message: `at most ${MAX_METADATA_LABELS} labels`,
  });

/** A payload filter (see `@herald/payload-filter`); every problem is reported at its place. */
const payloadFilter = z
  .unknown()
  .superRefine((filter, ctx) => {
    for (const problem of checkPayloadFilter(filter)) {
      ctx.addIssue({
        code: 'custom',
        message: problem.reason,
        path: problem.at === '' ? [] : [problem.at],
      });
    }
  })
  .transform((filter) => filter as Record<string, unknown>);

/**
 * Request bodies of `POST` and `PATCH /v1/endpoints`. Objects are strict:
 * an unknown (or misspelt) field is a 400, not silently ignored. Every field
 * of the create body is optional in a patch; `null` clears `description`,
 * `timeoutMs` and the delivery settings (`concurrency`, `rateLimit`,
 * `retrySchedule`: null = the dispatcher's default). `retrySchedule` comes in
 * as duration strings and leaves the schema as milliseconds. `eventTypes` are
 * checked here for syntax only; whether the catalog has them is checked
 * against the tenant's catalog when the endpoint is written.
 */
export function endpointInputSchemas(rules: UrlRules) {
  const create = z.strictObject({
    url: withReason((url) => checkEndpointUrl(url, rules.policy, rules.maxLength)).meta({
      description:
        'Absolute http(s) URL, without credentials (send them in `headers`), at most ' +
        '`HERALD_MAX_URL_LENGTH` characters (default 2048). An IP-literal host must be ' +
        'a public address; host names are checked on every delivery instead.',
    }),
    description: z.string().max(1024).nullable().optional(),
    eventTypes: z
      .array(withReason(checkEventTypeFilter))
      .min(1, 'must list at least one event type, or "*"')
      .max(256)
      .transform(unique)
      .meta({
        description:
          'Event types to receive, from the catalog: exact names, `name@version`, `*`, or prefix ' +
          'wildcards such as `conversation.*`.',
      }),
    channels: z.array(z.string().min(1).max(128)).max(256).transform(unique).optional().meta({
      description: 'Only events published with one of these channels; none = every channel.',
    }),
    enabled: z.boolean().optional().meta({
      description: 'Default true. A disabled endpoint keeps its messages until re-enabled.',
    }),
    payloadFilter: payloadFilter
      .nullable()
      .optional()
      .meta({
        description:
          'Only payloads this predicate holds for (`{"status": {"$in": ["read"]}}`; see the API ' +
          'guide); null removes it.',
      }),
    metadata: metadata
      .optional()
      .meta({ description: 'Free-form labels, e.g. `{"team": "billing"}`.' }),
    headers: z
      .record(z.string(), z.string())
      .superRefine((headers, ctx) => {
        for (const { name, reason } of headerProblems(headers)) {
          ctx.addIssue({ code: 'custom', message: reason, path: name ? [name] : [] });
        }
      })
      .optional()
      .meta({
        description:
          'Extra request headers (at most 20). `webhook-*`, content, framing, host and ' +
          'user-agent headers are reserved; `authorization` is allowed.',
      }),
    timeoutMs: z
      .number()
      .int('must be a whole number of milliseconds')
      .min(1000, 'must be at least 1000 (ms)')
      .max(60_000, 'must be at most 60000 (ms)')
      .nullable()
      .optional()
      .meta({ description: 'Request timeout; null = the dispatcher default (15 s).' }),
    concurrency: z
      .number()
      .int('must be a whole number of requests')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .nullable()
      .optional()
      .meta({ description: 'Requests in flight at once; null = the dispatcher default.' }),
    rateLimit: z
      .number()
      .min(0.1, 'must be at least 0.1 (requests per second)')
      .max(10_000, 'must be at most 10000 (requests per second)')
      .nullable()
      .optional()
      .meta({ description: 'Requests per second; null = unlimited.' }),
    retrySchedule: retryScheduleInput
      .nullable()
      .optional()
      .meta({
        description:
          'Delays before attempt 2, 3, … as durations (`500ms`, `5s`, `10m`, `2h`, `1d`; ' +
          'each at most 7d); null = the dispatcher default.',
      }),
  });
  return {
    create: apiSchema(create, {
      id: 'EndpointInput',
      description: 'A new endpoint. Unknown fields are refused.',
      example: {
        url: 'https://example.com/webhooks/herald',
        description: 'CRM sync',
        eventTypes: ['message_created', 'conversation.*'],
        channels: ['whatsapp'],
        headers: { authorization: 'Bearer receiver-token' },
        timeoutMs: 10_000,
        retrySchedule: ['5s', '5m', '30m', '2h'],
      },
    }),
    patch: apiSchema(create.partial(), {
      id: 'EndpointPatch',
      description:
        'Only the fields given change; `null` clears `description`, `timeoutMs`, ' +
        '`concurrency`, `rateLimit` and `retrySchedule`.',
      example: { enabled: false, rateLimit: 5, retrySchedule: null },
    }),
  };
}

export type EndpointInputSchemas = ReturnType<typeof endpointInputSchemas>;
export type CreateEndpointInput = z.infer<EndpointInputSchemas['create']>;
export type PatchEndpointInput = z.infer<EndpointInputSchemas['patch']>;

/** Injection token of the endpoint body schemas (they depend on the configured URL rules). */
export const ENDPOINT_INPUT = Symbol('ENDPOINT_INPUT');
