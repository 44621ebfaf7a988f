import type { z } from 'zod';
import { validationFailed } from './api-error.js';

/** Validates a request body (or query) against a zod schema; 400 with every field's reason otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  // A refinement may name a more specific code than `validation_failed`.
  const coded = result.error.issues.find(
    (issue) => issue.code === 'custom' && typeof issue.params?.code === 'string',
  );
  const code = coded?.code === 'custom' ? (coded.params?.code as string) : 'validation_failed';
  throw validationFailed(
    result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      // One detail per unknown field, named, rather than one for the object.
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          field: [...path, key].join('.'),
          reason: 'unknown field',
        }));
      }
      return [{ field: path.join('.'), reason: issue.message }];
    }),
    'request is invalid',
    code,
  );
}
