import type { DeadLetterDetail, DeadLetterView } from './dead-letter.docs.js';

/**
 * The API's view of a dead letter. Lists leave the payload out (it can be
 * large); the single-item route includes it. Never exposes the tenant id.
 */
export interface DeadLetterRow {
  id: string;
  endpoint_id: string;
  message_id: string;
  chain: string;
  event_type: string;
  channel: string | null;
  message_created_at: Date;
  attempts: number;
  reason: string;
  last_status_code: number | null;
  last_reason: string | null;
  last_error: string | null;
  dead_at: Date;
  replayed_at: Date | null;
  replay_count: number;
  last_replay_id: string | null;
  /** `dead_at` as exact text, for the keyset cursor. */
  dead_at_key: string;
  payload?: string;
}

/** Columns every query selects; `dead_at_key` keeps Postgres's microseconds. */
export const DEAD_LETTER_COLUMNS = `id, endpoint_id, message_id, chain, event_type, channel,
  message_created_at, attempts, reason, last_status_code, last_reason, last_error, dead_at,
  replayed_at, replay_count, last_replay_id,
  to_char(dead_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS dead_at_key`;

export function deadLetterView(row: DeadLetterRow): DeadLetterView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    messageId: row.message_id,
    eventType: row.event_type,
    channel: row.channel,
    /** The replay whose delivery chain died here; null for the original delivery. */
    replayId: row.chain === '' ? null : row.chain,
    messageCreatedAt: row.message_created_at.toISOString(),
    attempts: row.attempts,
    reason: row.reason,
    lastStatusCode: row.last_status_code,
    lastReason: row.last_reason,
    lastError: row.last_error,
    deadAt: row.dead_at.toISOString(),
    replayedAt: row.replayed_at?.toISOString() ?? null,
    replayCount: row.replay_count,
    lastReplayId: row.last_replay_id,
  };
}

export function deadLetterDetail(row: DeadLetterRow & { payload: string }): DeadLetterDetail {
  return { ...deadLetterView(row), payload: row.payload };
}
