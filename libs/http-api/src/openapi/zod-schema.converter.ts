import type { StandardSchemaConverter } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * Turns the zod schemas that validate requests (and type responses) into
 * OpenAPI 3.0 schemas, with zod 4's own `z.toJSONSchema`. Schemas given an
 * `id` in their metadata become named components. Two deliberate changes:
 * response objects do not say `additionalProperties: false` (a new response
 * field is not a breaking change), and formatted strings (`date-time`,
 * `uuid`) keep their format without zod's long pattern.
 */
type JsonSchema = Record<string, unknown>;

export const zodSchemaConverter: StandardSchemaConverter = (schema, { schemaType }) => {
  if (!isZodSchema(schema)) return undefined;
  const converted = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: schemaType,
    override: ({ jsonSchema }) => {
      const json = jsonSchema as JsonSchema;
      if (schemaType === 'output' && json.additionalProperties === false) {
        delete json.additionalProperties;
      }
      if (typeof json.format === 'string') delete json.pattern;
    },
  });
  // Components live under `#/components/schemas` in OpenAPI, not `#/definitions`.
  const { definitions = {}, ...root } = JSON.parse(
    JSON.stringify(converted).replaceAll('"#/definitions/', '"#/components/schemas/'),
  ) as JsonSchema & { definitions?: Record<string, JsonSchema> };
  return { schema: root, components: definitions };
};

function isZodSchema(schema: unknown): schema is z.ZodType {
  const standard = (schema as { '~standard'?: { vendor?: unknown } } | null)?.['~standard'];
  return standard?.vendor === 'zod';
}

/**
 * Gives a schema its documentation: a component name (`id`), a description
 * and an example that must type-check against what a client sends or gets.
 */
export function apiSchema<S extends z.ZodType>(
  schema: S,
  meta: { id?: string; description?: string; example: z.input<S> },
): S {
  return schema.meta(meta);
}

/**
 * What a list route answers, `{ data: [...] }`: its items follow `item`; the
 * list is described by `description` and exampled with one item.
 */
export function apiListSchema<S extends z.ZodType>(
  item: S,
  description: string,
  example: z.input<S>,
) {
  return apiSchema(z.object({ data: z.array(item) }), {
    description,
    example: { data: [example] },
  });
}

/**
 * What a route that creates (or rotates) a credential answers, the one time
 * Herald shows it: the record's `fields` and the secret as one string field
 * more, `secret.name`, documented and exampled.
 */
export function apiSchemaShowingSecret<F extends z.ZodRawShape, K extends string>(
  id: string,
  fields: F,
  example: z.input<z.ZodObject<F>>,
  secret: { name: K; description: string; example: string },
) {
  const field = { [secret.name]: z.string().meta({ description: secret.description }) };
  const schema = z.object({ ...fields, ...(field as Record<K, z.ZodString>) });
  const full = { ...example, [secret.name]: secret.example } as z.input<typeof schema>;
  return apiSchema(schema, { id, example: full });
}
