import { Body, Query, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseInput } from './parse.js';

/** Runs `parseInput` on one route argument: the parsed value, or a 400 naming every field. */
export class ParseInputPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return parseInput(this.schema, value);
  }
}

/**
 * `@Body()` validated by a zod schema. The same schema object validates the
 * request and, through Nest's parameter `schema` metadata, becomes the
 * request body of the OpenAPI document — the two cannot drift apart.
 */
export const ValidBody = (schema: z.ZodType): ParameterDecorator =>
  Body({ schema, pipes: [new ParseInputPipe(schema)] });

/** `@Query()` validated by a zod object schema; each property becomes a documented query parameter. */
export const ValidQuery = (schema: z.ZodType): ParameterDecorator =>
  Query({ schema, pipes: [new ParseInputPipe(schema)] });
