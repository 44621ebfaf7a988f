import { z } from 'zod';
import { decodeCursor } from '@herald/http-api';

/**
 * Filters of the attempt lists and their SQL, as a pure function. Every list
 * is scoped by tenant and ordered newest first with a keyset on
 * (at, attempt_id); the cursor carries `at` as Postgres text (microseconds).
 */
const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

export const attemptFiltersSchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50).meta({ description: 'Page size.' }),
  cursor: z.string().optional().meta({ description: '`nextCursor` of the previous page.' }),
  outcome: z.enum(['success', 'failure']).optional(),
  eventType: z.string().min(1).max(128).optional(),
  messageId: z.string().min(1).max(128).optional(),
  endpointId: z.string().min(1).max(128).optional(),
  since: instant.optional().meta({ description: 'Attempts at or after (ISO 8601).' }),
  until: instant.optional().meta({ description: 'Attempts before (ISO 8601).' }),
});

export type AttemptFilters = z.infer<typeof attemptFiltersSchema>;

export function attemptListSql(
  tenantId: string,
  filters: AttemptFilters,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (column: string, op: string, value: unknown) => {
    params.push(value);
    where.push(`${column} ${op} $${params.length}`);
  };
  if (filters.endpointId !== undefined) add('endpoint_id', '=', filters.endpointId);
  if (filters.messageId !== undefined) add('message_id', '=', filters.messageId);
  if (filters.outcome !== undefined) add('outcome', '=', filters.outcome);
  if (filters.eventType !== undefined) add('event_type', '=', filters.eventType);
  if (filters.since !== undefined) add('at', '>=', filters.since);
  if (filters.until !== undefined) add('at', '<', filters.until);
  if (filters.cursor !== undefined) {
    const [at, attemptId] = decodeCursor(filters.cursor, ['instant', 'text']) as [string, string];
    params.push(at, attemptId);
    where.push(`(at, attempt_id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(filters.limit + 1);
  return {
    sql: `SELECT *, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text
      FROM attempts WHERE ${where.join(' AND ')}
      ORDER BY at DESC, attempt_id DESC LIMIT $${params.length}`,
    params,
  };
}
