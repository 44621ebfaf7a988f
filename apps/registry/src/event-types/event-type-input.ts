import { z } from 'zod';
import { apiSchema } from '@herald/http-api';
import {
  checkPayloadSchema,
  compilePayloadSchema,
  DEFAULT_SCHEMA_LIMITS,
  EVENT_TYPE_PATTERN,
  type SchemaLimits,
  envelopeInputSchema,
  MAX_EVENT_TYPE_VERSION,
} from '@herald/catalog';

/**
 * Request bodies of the event-type catalog. A version's JSON Schema must
 * compile; its example (the payload a producer would publish, used by endpoint
 * tests) must satisfy that schema, and be an object when a `merge` envelope
 * adds fields to it. Names under `herald.` are the platform's own.
 */
export const RESERVED_PREFIX = 'herald.';

export const eventTypeName = z
  .string()
  .regex(EVENT_TYPE_PATTERN, `must match ${EVENT_TYPE_PATTERN.source}`)
  .refine(
    (name) => !name.startsWith(RESERVED_PREFIX),
    `names under "${RESERVED_PREFIX}" are reserved`,
  );

let schemaLimits: SchemaLimits = DEFAULT_SCHEMA_LIMITS;

/**
 * Sets the size and depth limits of event-type schemas from configuration,
 * once at start (the request schemas below are module constants, shared with
 * the OpenAPI document).
 */
export function useSchemaLimits(limits: SchemaLimits): void {
  schemaLimits = limits;
}

// `z.unknown()`, not `z.json()`: zod's JSON check recurses, and the depth
// limit below must see the value first.
const schema = z.unknown().superRefine((value, ctx) => {
  if (value === null) return;
  const refusal = checkPayloadSchema(value, schemaLimits);
  // The refusal's own code becomes the response's code (see `parseInput`).
  if (refusal) {
    ctx.addIssue({ code: 'custom', message: refusal.reason, params: { code: refusal.code } });
  }
});

const fields = {
  description: z.string().max(1024).nullable().optional(),
  schema: schema.optional().meta({
    description: 'JSON Schema (draft-07, or 2020-12 by `$schema`) the payload must satisfy.',
  }),
  envelope: envelopeInputSchema.optional().meta({
    description:
      'A preset (`{"preset": "none" | "event" | "event-date" | "v-type" | "wrap"}`, `v-type` ' +
      'takes `"v"`) or `{"mode": "merge" | "wrap", "fields": {...}, "dataField"?}`.',
  }),
  example: z.json().nullable().optional().meta({
    description: 'A payload as the producer publishes it (must satisfy the schema).',
  }),
  archived: z
    .boolean()
    .optional()
    .meta({ description: 'Still accepted at ingest; new subscriptions may not name it.' }),
};

type Fields = {
  schema?: unknown;
  envelope?: { mode: string } | null;
  example?: unknown;
};

/** The example against the schema and envelope it will be used with. */
export function exampleProblems(version: Fields): { field: string; reason: string }[] {
  const { example, schema: payloadSchema, envelope } = version;
  if (example === undefined || example === null) return [];
  const problems: { field: string; reason: string }[] = [];
  if (payloadSchema !== undefined && payloadSchema !== null) {
    for (const problem of compilePayloadSchema(payloadSchema)(example)) {
      problems.push({
        field: `example${problem.path.replace(/\//g, '.')}`,
        reason: problem.message,
      });
    }
  }
  const isObject = typeof example === 'object' && !Array.isArray(example);
  if (envelope?.mode === 'merge' && !isObject) {
    problems.push({
      field: 'example',
      reason: 'must be an object: the envelope adds fields to it',
    });
  }
  return problems;
}

export const createEventTypeSchema = apiSchema(
  z.strictObject({
    name: eventTypeName,
    version: z.number().int().min(1).max(MAX_EVENT_TYPE_VERSION).default(1),
    ...fields,
  }),
  {
    id: 'EventTypeInput',
    example: {
      name: 'AgentLog',
      description: 'An agent logged in or out.',
      schema: { type: 'object', required: ['agent', 'isLogin'] },
      envelope: { preset: 'event-date' },
      example: { agent: 'agentTest', isLogin: true },
    },
  },
);

export const patchEventTypeSchema = apiSchema(z.strictObject(fields), {
  id: 'EventTypePatch',
  example: { archived: true },
});

export type CreateEventTypeInput = z.infer<typeof createEventTypeSchema>;
export type PatchEventTypeInput = z.infer<typeof patchEventTypeSchema>;

export const importSchema = apiSchema(
  z.strictObject({ eventTypes: z.array(createEventTypeSchema).min(1).max(500) }),
  {
    id: 'EventTypeImport',
    example: { eventTypes: [{ name: 'AgentLog' }, { name: 'AgentBreak' }] },
  },
);
