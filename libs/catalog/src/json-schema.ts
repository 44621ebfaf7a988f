import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { linearRegExp, UnsupportedPatternError } from './linear-regexp.js';

/**
 * JSON Schemas of event-type payloads, compiled with Ajv (draft-07 by
 * default; draft 2020-12 when the schema's `$schema` says so), with the
 * standard formats (`date-time`, `email`, `uri`, …) and a linear-time regex
 * engine for the tenant's patterns (`linearRegExp`). A schema that does not
 * compile, or is over the size or depth limit, is refused when registered,
 * each with its own code; at ingest a payload is checked against its
 * version's compiled schema and refused with every error found (at most
 * `MAX_REPORTED_ERRORS`).
 */
export const MAX_REPORTED_ERRORS = 20;

export interface SchemaLimits {
  /** Largest schema, in bytes of JSON (`HERALD_MAX_SCHEMA_BYTES`). */
  maxBytes: number;
  /** Deepest nesting of objects and arrays in a schema (`HERALD_MAX_SCHEMA_DEPTH`). */
  maxDepth: number;
}

export const DEFAULT_SCHEMA_LIMITS: SchemaLimits = { maxBytes: 65_536, maxDepth: 32 };

export type SchemaRefusalCode =
  'schema_too_large' | 'schema_too_deep' | 'unsupported_schema_pattern' | 'invalid_schema';

export interface SchemaRefusal {
  code: SchemaRefusalCode;
  reason: string;
}

export interface SchemaProblem {
  /** JSON Pointer into the payload, `""` for the whole payload. */
  path: string;
  message: string;
}

export type PayloadValidator = (payload: unknown) => SchemaProblem[];

const addFormats = (formats as unknown as { default: (ajv: Ajv) => Ajv }).default;

const options = {
  allErrors: true,
  strict: false,
  validateFormats: true,
  code: { regExp: linearRegExp },
} as const;
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

/**
 * Compiles and runs one schema of each draft that uses every part of the
 * engine a tenant's schema can reach (meta-schema check, patterns on the
 * linear-time engine, formats), so that the first tenant schema compiled in
 * a service does not pay for loading and optimising them: cold, that first
 * compile took 20 ms on an idle machine and up to half a second under load,
 * while another tenant's events waited on the same event loop. Services call
 * it at start-up; returns the milliseconds it took.
 */
export function warmSchemaEngine(): number {
  const started = performance.now();
  const properties = {
    name: { type: 'string', pattern: '^(a+)+$', minLength: 1 },
    mail: { type: 'string', format: 'email' },
    at: { type: 'string', format: 'date-time' },
    tags: { type: 'array', items: { enum: ['x', 'y'] } },
  };
  for (const schema of [
    { type: 'object', properties, patternProperties: { '^x-': { type: 'number' } } },
    { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties },
  ]) {
    const validate = compilePayloadSchema(schema);
    validate({ name: 'aaa', mail: 'a@example.com', at: '2026-01-01T00:00:00Z', tags: ['x'] });
    validate({ name: `${'a'.repeat(34)}!`, mail: 'no', at: 'no', tags: ['z'], 'x-1': 'no' });
  }
  return performance.now() - started;
}

/** Why a schema is refused, or null when it compiles and is within the limits. */
export function checkPayloadSchema(
  schema: unknown,
  limits: SchemaLimits = DEFAULT_SCHEMA_LIMITS,
): SchemaRefusal | null {
  // Depth first, without recursion: serializing or compiling a schema nested
  // thousands deep would overflow the stack.
  const depth = nestingDepth(schema, limits.maxDepth);
  if (depth > limits.maxDepth) {
    return {
      code: 'schema_too_deep',
      reason: `must be nested at most ${limits.maxDepth} levels deep`,
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema) ?? '');
  if (bytes > limits.maxBytes) {
    return { code: 'schema_too_large', reason: `must be at most ${limits.maxBytes} bytes of JSON` };
  }
  try {
    compilePayloadSchema(schema);
    return null;
  } catch (error) {
    if (error instanceof UnsupportedPatternError) {
      return { code: 'unsupported_schema_pattern', reason: error.message };
    }
    return {
      code: 'invalid_schema',
      reason: `is not a valid JSON Schema: ${(error as Error).message}`,
    };
  }
}

/** Nesting depth of a parsed JSON value, counted iteratively; stops once past `cap`. */
export function nestingDepth(value: unknown, cap: number): number {
  let deepest = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > cap) return deepest;
    for (const child of Object.values(node)) stack.push({ node: child, depth: here });
  }
  return deepest;
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
