import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type Page } from '@herald/http-api';
import { MESSAGE_ID_PATTERN } from '../events/event-rules.js';
import { FANNED_OUT_AT, FANNED_OUT_TO, WITH_FAN_OUT } from '../events/message-ledger.js';

/** A stored message as its tenant sees it. */
export interface TenantMessage {
  id: string;
  tenantId: string;
  eventType: string;
  eventVersion: number;
  channel: string | null;
  /** The producer's payload text, exactly as stored. */
  payload: string;
  /** What receivers get: the payload with the event type's envelope, if any. */
  body: string;
  createdAt: Date;
  /** Endpoints the fan-out created tasks for; null until the fan-out has completed. */
  endpointIds: string[] | null;
}

export interface MessageQuery {
  limit: number;
  cursor?: string | undefined;
  eventType?: string | undefined;
  channel?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

/**
 * Reads messages for the REST API. Every lookup is scoped by tenant: another
 * tenant's message id finds nothing, exactly like an id that does not exist.
 * Lists are newest first with keyset cursors on (created_at, id); the cursor
 * keeps created_at as Postgres text (microseconds), so no row is skipped or
 * repeated.
 */
@Injectable()
export class MessageStore {
  constructor(private readonly db: DataSource) {}

  async findForTenant(tenantId: string, messageId: string): Promise<TenantMessage | null> {
    // Not an id ingest could have issued: no need to ask Postgres.
    if (!MESSAGE_ID_PATTERN.test(messageId)) return null;
    const rows = await this.db.query<MessageRow[]>(
      `SELECT ${COLUMNS} FROM ${WITH_FAN_OUT} WHERE m.id = $1 AND m.tenant_id = $2`,
      [messageId, tenantId],
    );
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async list(tenantId: string, query: MessageQuery): Promise<Page<TenantMessage>> {
    const where = ['m.tenant_id = $1', `${FANNED_OUT_AT} IS NOT NULL`];
    const params: unknown[] = [tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.eventType !== undefined) add('m.event_type = ?', query.eventType);
    if (query.channel !== undefined) add('m.channel = ?', query.channel);
    if (query.since !== undefined) add('m.created_at >= ?', query.since);
    if (query.until !== undefined) add('m.created_at < ?', query.until);
    if (query.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(query.cursor, ['instant', 'text']) as [string, string];
      params.push(createdAt, id);
      where.push(`(m.created_at, m.id) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(query.limit + 1);
    const rows = await this.db.query<(MessageRow & { created_text: string })[]>(
      `SELECT ${COLUMNS}, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_text
       FROM ${WITH_FAN_OUT} WHERE ${where.join(' AND ')}
       ORDER BY m.created_at DESC, m.id DESC LIMIT $${params.length}`,
      params,
    );
    return toPage(rows, query.limit, (row) => [row.created_text, row.id], toMessage);
  }
}

const COLUMNS = `m.id, m.tenant_id, m.event_type, m.event_version, m.channel, m.payload, m.body,
  m.created_at, ${FANNED_OUT_TO} AS endpoint_ids`;

function toMessage(row: MessageRow): TenantMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    eventType: row.event_type,
    eventVersion: row.event_version,
    channel: row.channel,
    payload: row.payload,
    body: row.body ?? row.payload,
    createdAt: row.created_at,
    endpointIds: row.endpoint_ids,
  };
}

interface MessageRow {
  id: string;
  tenant_id: string;
  event_type: string;
  event_version: number;
  channel: string | null;
  payload: string;
  body: string | null;
  created_at: Date;
  endpoint_ids: string[] | null;
}
