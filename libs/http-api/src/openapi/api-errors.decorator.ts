import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiError, bodyTooLarge, malformedJson } from '../api-error.js';
import { errorBodySchema, type ErrorBody } from '../error-body.js';
import { parseInput } from '../parse.js';

/** One way a route fails: the very error the code throws, and when. */
export interface ErrorCase {
  error: ApiError;
  when: string;
  /** Key of the example; defaults to the error's code. */
  name?: string;
  /** Response headers that come with it, e.g. `Retry-After`. */
  headers?: Record<string, { description: string; schema: { type: 'integer' | 'string' } }>;
}

export const errorExample = (error: ApiError): ErrorBody => ({
  error: { code: error.code, message: error.message, details: error.details },
});

/**
 * Documents a route's error responses: per status, the `Error` schema, what
 * causes each case, and an example built from the same `ApiError` factories
 * the code throws (so an example's code and message are the real ones).
 */
export function ApiErrors(...cases: ErrorCase[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCase[]>();
  for (const item of cases) {
    byStatus.set(item.error.status, [...(byStatus.get(item.error.status) ?? []), item]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, group]) => ApiResponse(errorResponse(status, group))),
  );
}

function errorResponse(status: number, group: ErrorCase[]): ApiResponseOptions {
  const examples: Record<string, { summary: string; value: ErrorBody }> = {};
  for (const { error, when, name = error.code } of group) {
    let key = name;
    for (let n = 2; key in examples; n += 1) key = `${name}_${n}`;
    examples[key] = { summary: when, value: errorExample(error) };
  }
  const headers = Object.assign({}, ...group.map((item) => item.headers ?? {})) as Record<
    string,
    object
  >;
  return {
    status,
    description: group.map((item) => item.when).join('; '),
    standardSchema: errorBodySchema,
    examples,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

/** What the JSON body parser refuses before any route runs: every route with a body lists these. */
export const BODY_ERRORS: readonly ErrorCase[] = [
  {
    error: malformedJson(`Unexpected token '}', "{"type": }" is not valid JSON`),
    when: 'the body is not valid JSON',
  },
  { error: bodyTooLarge(), when: "the body is larger than the service's limit" },
];

/** `Retry-After` on a 429. */
export const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer' as const },
  },
};

/**
 * The 400 that `schema` gives for `input`, worded by `parseInput` itself, so
 * the example's details are the real ones. Throws if `input` is valid.
 */
export function invalidInput(
  schema: z.ZodType,
  input: unknown,
  when = 'the input breaks a rule; `details` names each field',
): ErrorCase {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ApiError) return { error, when };
    throw error;
  }
  throw new Error(`invalidInput: ${JSON.stringify(input)} is valid`);
}
