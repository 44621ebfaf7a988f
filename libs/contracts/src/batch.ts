import { z } from 'zod';

/** Last subject token of a batch message: endpoint ids are UUIDs, never this word. */
export const BATCH_TOKEN = 'batch';

/**
 * A message that carries one item, or a batch of them (an object with
 * `field`, or with any of `field`'s names), validated against the one schema
 * its shape names, so a refusal names the field at fault.
 */
export function oneOrBatchSchema<One, Batch>(
  field: string | readonly string[],
  batch: z.ZodType<Batch>,
  one: z.ZodType<One>,
): z.ZodType<One | Batch> {
  const fields = typeof field === 'string' ? [field] : field;
  return z.unknown().transform((value, ctx): One | Batch => {
    const isBatch =
      typeof value === 'object' && value !== null && fields.some((name) => name in value);
    const parsed = isBatch ? batch.safeParse(value) : one.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });
}
