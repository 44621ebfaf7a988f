import { z } from 'zod';

/**
 * The query parameters every keyset-paginated list route takes, to spread
 * into its query schema: `limit` (1 to 500) and `cursor`, the `nextCursor`
 * of the previous page, decoded with `decodeCursor`.
 */
export function pageQueryFields(defaultLimit = 50) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(defaultLimit)
      .meta({ description: 'Page size.' }),
    cursor: z.string().optional().meta({ description: '`nextCursor` of the previous page.' }),
  };
}

/** The body of a list route: one page of `item` and the cursor of the next (see `toPage`). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass back as `cursor` for the next page; null on the last.' }),
  });
}
