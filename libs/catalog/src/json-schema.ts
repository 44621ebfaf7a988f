import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/**
 * JSON Schemas of event-type payloads, compiled with Ajv (draft-07 by
 * default; draft 2020-12 when the schema's `$schema` says so), with the
 * standard formats (`date-time`, `email`, `uri`, …). A schema that does not
 * compile is refused when registered; at ingest a payload is checked against
 * its version's compiled schema and refused with every error found (at most
 * `MAX_REPORTED_ERRORS`).
 */
export const MAX_SCHEMA_BYTES = 65_536;
export const MAX_REPORTED_ERRORS = 20;

export interface SchemaProblem {
  /** JSON Pointer into the payload, `""` for the whole payload. */
  path: string;
  message: string;
}

export type PayloadValidator = (payload: unknown) => SchemaProblem[];

const addFormats = (formats as unknown as { default: (ajv: Ajv) => Ajv }).default;

const options = { allErrors: true, strict: false, validateFormats: true } as const;
const draft7 = addFormats(new Ajv(options));
const draft2020 = addFormats(new Ajv2020(options));

const is2020 = (schema: unknown) =>
  typeof schema === 'object' &&
  schema !== null &&
  typeof (schema as { $schema?: unknown }).$schema === 'string' &&
  (schema as { $schema: string }).$schema.includes('2020-12');

/** Compiles a schema; throws with Ajv's reason when it is not a valid JSON Schema. */
export function compilePayloadSchema(schema: unknown): PayloadValidator {
  if (typeof schema !== 'object' && typeof schema !== 'boolean') {
    throw new Error('a JSON Schema is an object (or a boolean)');
  }
  const ajv = is2020(schema) ? draft2020 : draft7;
  // Compile without caching by $id, so two tenants' schemas with one $id never collide.
  const copy = structuredClone(schema) as Record<string, unknown> | boolean;
  if (typeof copy === 'object' && copy !== null) delete copy.$id;
  const validate: ValidateFunction = ajv.compile(copy);
  // Ajv caches every compiled schema object; this one is never looked up again.
  ajv.removeSchema(copy);
  return (payload) => {
    if (validate(payload)) return [];
    return (validate.errors ?? []).slice(0, MAX_REPORTED_ERRORS).map(describe);
  };
}

/** Why a schema is refused, or null when it compiles and is small enough. */
export function checkPayloadSchema(schema: unknown): string | null {
  if (JSON.stringify(schema).length > MAX_SCHEMA_BYTES) {
    return `must be at most ${MAX_SCHEMA_BYTES} bytes of JSON`;
  }
  try {
    compilePayloadSchema(schema);
    return null;
  } catch (error) {
    return `is not a valid JSON Schema: ${(error as Error).message}`;
  }
}

function describe(error: ErrorObject): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    message = `${message}: "${String(params.additionalProperty)}"`;
  } else if (error.keyword === 'enum') {
    message = `${message}: ${JSON.stringify(params.allowedValues)}`;
  }
  return { path: error.instancePath, message };
}
