import { z } from 'zod';
import { apiSchema, pageQueryFields } from '@herald/http-api';
import { SqlConditions } from './sql-conditions.js';

const instant = z.iso.datetime({ offset: true });

/** The filters an operator can select dead letters by; all optional, all ANDed. */
export const deadLetterFilterFields = {
  endpointId: z.string().min(1).max(200).optional(),
  eventType: z.string().min(1).max(200).optional(),
  /** The last attempt's HTTP status. */
  statusCode: z.coerce
    .number()
    .int()
    .min(100)
    .max(599)
    .optional()
    .meta({ description: "The last attempt's HTTP status." }),
  /** `dead_at >= since` */
  since: instant.optional().meta({ description: 'Dead at or after this instant.' }),
  /** `dead_at < until` */
  until: instant.optional().meta({ description: 'Dead before this instant.' }),
};

const sinceBeforeUntil = (value: { since?: string; until?: string }) =>
  value.since === undefined ||
  value.until === undefined ||
  Date.parse(value.since) < Date.parse(value.until);
const sinceBeforeUntilIssue = { message: 'since must be before until', path: ['until'] };

export const deadLetterFilterSchema = z
  .strictObject(deadLetterFilterFields)
  .refine(sinceBeforeUntil, sinceBeforeUntilIssue);
export type DeadLetterFilter = z.infer<typeof deadLetterFilterSchema>;

/** `GET /v1/dead-letters` query string. */
export const listQuerySchema = z
  .strictObject({
    ...deadLetterFilterFields,
    ...pageQueryFields(),
  })
  .refine(sinceBeforeUntil, sinceBeforeUntilIssue);
export type ListQuery = z.infer<typeof listQuerySchema>;

/** Which dead letters a replay job takes, as stored in `replays.filters`. */
export const replaySelectionSchema = z.strictObject({
  ...deadLetterFilterFields,
  /** Also replay dead letters an earlier replay already took (default: only fresh ones). */
  includeReplayed: z.boolean().default(false).meta({
    description:
      'Also take dead letters an earlier replay already took (default: only fresh ones).',
  }),
});
export type ReplaySelection = z.infer<typeof replaySelectionSchema>;

const dryRun = z
  .boolean()
  .default(false)
  .meta({ description: 'Only count what would be replayed; start nothing.' });

/** `POST /v1/dead-letters/replay` body. */
export const replayBodySchema = apiSchema(
  z
    .strictObject({ ...replaySelectionSchema.shape, dryRun })
    .refine(sinceBeforeUntil, sinceBeforeUntilIssue),
  {
    id: 'DeadLetterReplayInput',
    description: 'Which dead letters to replay; every filter is optional and they are ANDed.',
    example: {
      endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
      statusCode: 503,
      since: '2026-11-30T00:00:00Z',
      dryRun: true,
    },
  },
);

/** `POST /v1/endpoints/:id/recover` body. */
export const recoverBodySchema = apiSchema(
  z.strictObject({
    since: instant.meta({ description: 'Replay what died at or after this instant.' }),
    includeReplayed: replaySelectionSchema.shape.includeReplayed,
    dryRun,
  }),
  { id: 'RecoverInput', example: { since: '2026-11-30T00:00:00Z' } },
);

/** Tenant scope and the operator's filters, as SQL over `dead_letters`. */
export function filterConditions(tenantId: string, filter: DeadLetterFilter): SqlConditions {
  return new SqlConditions()
    .add('tenant_id = ?', tenantId)
    .addIf('endpoint_id = ?', filter.endpointId)
    .addIf('event_type = ?', filter.eventType)
    .addIf('last_status_code = ?', filter.statusCode)
    .addIf('dead_at >= ?::timestamptz', filter.since)
    .addIf('dead_at < ?::timestamptz', filter.until);
}

/**
 * What a replay job takes: the filters, only dead letters that existed when
 * the job was created (so its own replays that die again are not taken), and
 * unless asked otherwise only those no replay has taken yet.
 */
export function selectionConditions(
  tenantId: string,
  selection: ReplaySelection,
  createdAt: string,
): SqlConditions {
  const conditions = filterConditions(tenantId, selection).add(
    'dead_at <= ?::timestamptz',
    createdAt,
  );
  return selection.includeReplayed ? conditions : conditions.add('replayed_at IS NULL');
}
