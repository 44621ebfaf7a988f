import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGE_ID_PATTERN } from '../events/event-rules.js';

/** A stored message as its tenant sees it. */
export interface TenantMessage {
  id: string;
  tenantId: string;
  eventType: string;
  channel: string | null;
  /** The producer's payload text, exactly as stored. */
  payload: string;
  createdAt: Date;
  /** Endpoints the fan-out created tasks for; null until the fan-out has completed. */
  endpointIds: string[] | null;
}

/**
 * Reads messages for the REST API. Every lookup is scoped by tenant: another
 * tenant's message id finds nothing, exactly like an id that does not exist.
 */
@Injectable()
export class MessageStore {
  constructor(private readonly db: DataSource) {}

  async findForTenant(tenantId: string, messageId: string): Promise<TenantMessage | null> {
    // Not an id ingest could have issued: no need to ask Postgres.
    if (!MESSAGE_ID_PATTERN.test(messageId)) return null;
    const rows = await this.db.query<MessageRow[]>(
      `SELECT id, tenant_id, event_type, channel, payload, created_at, endpoint_ids
       FROM messages WHERE id = $1 AND tenant_id = $2`,
      [messageId, tenantId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      eventType: row.event_type,
      channel: row.channel,
      payload: row.payload,
      createdAt: row.created_at,
      endpointIds: row.endpoint_ids,
    };
  }
}

interface MessageRow {
  id: string;
  tenant_id: string;
  event_type: string;
  channel: string | null;
  payload: string;
  created_at: Date;
  endpoint_ids: string[] | null;
}
