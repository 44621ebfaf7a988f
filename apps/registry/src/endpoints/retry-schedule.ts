import { z } from 'zod';
import { MAX_RETRY_STEPS, parseRetryDelay } from '@herald/resilience';

/** A duration string → milliseconds; the zod issue (at this element's path) says why one is refused. */
const retryDelay = z.string().transform((text, ctx) => {
  const parsed = parseRetryDelay(text);
  if ('ms' in parsed) return parsed.ms;
  ctx.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});

/**
 * A tenant's or an endpoint's own retry schedule in a request body: the
 * delays before attempt 2, 3, … as duration strings (`5s`, `10m`, `2h`, `1d`,
 * `250ms`), leaving the schema as whole milliseconds; shown back with
 * `formatDuration`, which reads back to the same milliseconds.
 */
export const retryScheduleInput = z
  .array(retryDelay)
  .max(MAX_RETRY_STEPS, `must list at most ${MAX_RETRY_STEPS} delays`);
