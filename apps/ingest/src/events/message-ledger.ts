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

/**
 * One statement for both of the fan-out's writes: the messages to store
 * (`$1`, one JSON array) and the fan-outs to mark (`$2`, `$3`). A mark's
 * message was stored by an earlier statement, so the two never touch one
 * row. A fan-out redone at the same time elsewhere marked it first: its mark
 * stands. Postgres runs the `WITH` insert once whether or not the main query
 * reads it.
 */
const WRITE = new PreparedStatement<{ id: string }>(
  'ingest_write_ledger',
  `WITH marked AS (
     INSERT INTO fan_outs (message_id, endpoint_ids)
     SELECT v.id, ARRAY(SELECT jsonb_array_elements_text(v.endpoint_ids::jsonb))
     FROM unnest($2::text[], $3::text[]) AS v(id, endpoint_ids)
     ON CONFLICT (message_id) DO NOTHING
   )
   INSERT INTO messages (id, tenant_id, idempotency_key, event_type, event_version, channel,
     payload, body, created_at)
   SELECT id, tenant_id, idempotency_key, event_type, event_version, channel,
     payload, body, created_at
   FROM json_to_recordset($1::json) AS r(id text, tenant_id text, idempotency_key text,
     event_type text, event_version int, channel text, payload text, body text,
     created_at timestamptz)
   ON CONFLICT (id) DO NOTHING
   RETURNING id`,
);

/** What waits for the ledger's next statement: a message to store, or a fan-out to mark. */
type LedgerWrite =
  { kind: 'insert'; message: NewMessage } | { kind: 'mark'; id: string; endpointIds: string[] };

/**
 * The fan-out's two writes per message — store it, then mark it fanned out
 * (a row in `fan_outs`, so the message row is written once: ADR 0107) —
 * group-committed into one statement (`GroupWriter`): the messages and the
 * marks that wait at the same time share a statement and a commit, so the
 * hot path costs one round trip per batch of both (ADR 0117). The same id
 * twice in one batch is inserted once, and only its first caller is told it
 * was new. The statement is prepared once per connection (ADR 0107).
 */
@Injectable()
export class MessageLedger {
  private readonly writes: GroupWriter<LedgerWrite, boolean>;

  constructor(private readonly db: DataSource) {
    this.writes = new GroupWriter((batch) => this.writeMany(batch), SETTINGS);
  }

  /** Stores the message unless its id exists; true when this call stored it. */
  insert(message: NewMessage): Promise<boolean> {
    return this.writes.submit({ kind: 'insert', message });
  }

  /** Records that every delivery task of the message is durable. */
  async markFannedOut(id: string, endpointIds: string[]): Promise<void> {
    await this.writes.submit({ kind: 'mark', id, endpointIds });
  }

  /**
   * The messages go as one JSON parameter rather than an array per column:
   * `pg` writes arrays as array literals in JavaScript, escaping every
   * element (12 % of a saturated ingest's allocation), where
   * `JSON.stringify` is one native pass. The texts were checked storable
   * before (no NUL, valid UTF-8).
   */
  private async writeMany(batch: LedgerWrite[]): Promise<boolean[]> {
    const messages: object[] = [];
    const markIds: string[] = [];
    const markEndpoints: string[] = [];
    for (const write of batch) {
      if (write.kind === 'mark') {
        markIds.push(write.id);
        markEndpoints.push(JSON.stringify(write.endpointIds));
        continue;
      }
      const r = write.message;
      messages.push({
        id: r.id,
        tenant_id: r.tenantId,
        idempotency_key: r.idempotencyKey,
        event_type: r.eventType,
        event_version: r.version,
        channel: r.channel,
        payload: r.payload,
        body: r.body,
        created_at: r.createdAt.toISOString(),
      });
    }
    const inserted = await WRITE.run(this.db, [JSON.stringify(messages), markIds, markEndpoints]);
    const fresh = new Set(inserted.map((row) => row.id));
    // Only the first caller of a newly stored id learns it was new.
    return batch.map((write) => write.kind === 'insert' && fresh.delete(write.message.id));
  }
}
