import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GroupWriter, PreparedStatement } from '@herald/database';

/** A message row as the fan-out inserts it. */
export interface NewMessage {
  id: string;
  tenantId: string;
  idempotencyKey: string;
  eventType: string;
  version: number;
  channel: string | null;
  payload: string;
  /** The delivered body when an envelope changed it; null when it is the payload. */
  body: string | null;
  createdAt: Date;
}

const SETTINGS = { maxBatch: 256, maxConcurrentWrites: 2 };

/**
 * When a message was fanned out, and to which endpoints, in a query of
 * `messages m LEFT JOIN fan_outs f ON f.message_id = m.id`: the row in
 * `fan_outs`, or the message's own columns where a replica of the previous
 * version marked it during a rolling update (ADR 0107).
 */
export const FANNED_OUT_AT = 'coalesce(f.fanned_out_at, m.fanned_out_at)';
export const FANNED_OUT_TO = 'coalesce(f.endpoint_ids, m.endpoint_ids)';
export const WITH_FAN_OUT = 'messages m LEFT JOIN fan_outs f ON f.message_id = m.id';

const INSERT = new PreparedStatement<{ id: string }>(
  'ingest_insert_messages',
  `INSERT INTO messages (id, tenant_id, idempotency_key, event_type, event_version, channel,
     payload, body, created_at)
   SELECT id, tenant_id, idempotency_key, event_type, event_version, channel,
     payload, body, created_at
   FROM json_to_recordset($1::json) AS r(id text, tenant_id text, idempotency_key text,
     event_type text, event_version int, channel text, payload text, body text,
     created_at timestamptz)
   ON CONFLICT (id) DO NOTHING
   RETURNING id`,
);

/** A fan-out redone at the same time elsewhere marked it first: its mark stands. */
const MARK = new PreparedStatement<never>(
  'ingest_mark_fanned_out',
  `INSERT INTO fan_outs (message_id, endpoint_ids)
   SELECT v.id, ARRAY(SELECT jsonb_array_elements_text(v.endpoint_ids::jsonb))
   FROM unnest($1::text[], $2::text[]) AS v(id, endpoint_ids)
   ON CONFLICT (message_id) DO NOTHING`,
);

/**
 * The fan-out's two writes per message — store it, then mark it fanned out
 * (a row in `fan_outs`, so the message row is written once: ADR 0107) —
 * group-committed: messages handled concurrently share one statement each
 * (`GroupWriter`), so the hot path costs two round trips per batch instead of
 * two per message. The same id twice in one batch is inserted once, and only
 * its first caller is told it was new. Both statements are prepared once per
 * connection (ADR 0107).
 */
@Injectable()
export class MessageLedger {
  private readonly inserts: GroupWriter<NewMessage, boolean>;
  private readonly fanOuts: GroupWriter<{ id: string; endpointIds: string[] }, void>;

  constructor(private readonly db: DataSource) {
    this.inserts = new GroupWriter((rows) => this.insertMany(rows), SETTINGS);
    this.fanOuts = new GroupWriter((rows) => this.markMany(rows), SETTINGS);
  }

  /** Stores the message unless its id exists; true when this call stored it. */
  insert(message: NewMessage): Promise<boolean> {
    return this.inserts.submit(message);
  }

  /** Records that every delivery task of the message is durable. */
  markFannedOut(id: string, endpointIds: string[]): Promise<void> {
    return this.fanOuts.submit({ id, endpointIds });
  }

  /**
   * One JSON parameter rather than an array per column: `pg` writes arrays
   * as array literals in JavaScript, escaping every element (12 % of a
   * saturated ingest's allocation), where `JSON.stringify` is one native
   * pass. The texts were checked storable before (no NUL, valid UTF-8).
   */
  private async insertMany(rows: NewMessage[]): Promise<boolean[]> {
    const inserted = await INSERT.run(this.db, [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          tenant_id: r.tenantId,
          idempotency_key: r.idempotencyKey,
          event_type: r.eventType,
          event_version: r.version,
          channel: r.channel,
          payload: r.payload,
          body: r.body,
          created_at: r.createdAt.toISOString(),
        })),
      ),
    ]);
    const fresh = new Set(inserted.map((row) => row.id));
    // Only the first caller of a newly stored id learns it was new.
    return rows.map((row) => fresh.delete(row.id));
  }

  private async markMany(rows: { id: string; endpointIds: string[] }[]): Promise<void[]> {
    await MARK.run(this.db, [
      rows.map((r) => r.id),
      rows.map((r) => JSON.stringify(r.endpointIds)),
    ]);
    return rows.map(() => undefined);
  }
}
