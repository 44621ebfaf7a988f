import type { ReplayView } from './dead-letter.docs.js';

/** A `replays` row and its API view (the audit record of one replay request). */
export interface ReplayRow {
  id: string;
  tenant_id: string;
  key_id: string;
  kind: string;
  filters: Record<string, unknown>;
  dry_run: boolean;
  matched: number;
  published: number;
  status: string;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export function replayView(row: ReplayRow): ReplayView {
  return {
    id: row.id,
    kind: row.kind,
    /** The API key that asked for it. */
    keyId: row.key_id,
    filters: row.filters,
    dryRun: row.dry_run,
    matched: row.matched,
    published: row.published,
    status: row.status,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
