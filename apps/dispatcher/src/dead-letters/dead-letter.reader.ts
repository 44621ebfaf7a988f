import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, notFound, toPage } from '@herald/http-api';
import { filterConditions, type ListQuery } from './dead-letter-filter.js';
import {
  DEAD_LETTER_COLUMNS,
  deadLetterDetail,
  deadLetterView,
  type DeadLetterRow,
} from './dead-letter.view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads dead letters for the API. Every query is scoped by the caller's
 * tenant, so another tenant's id is simply not found.
 */
@Injectable()
export class DeadLetterReader {
  constructor(private readonly db: DataSource) {}

  /** Newest first; keyset pagination on (dead_at, id). */
  async list(tenantId: string, query: ListQuery) {
    const sql = filterConditions(tenantId, query);
    if (query.cursor !== undefined) {
      const [deadAt, id] = decodeCursor(query.cursor, ['instant', 'uuid']);
      sql.add('(dead_at, id) < (?::timestamptz, ?::uuid)', deadAt, id);
    }
    const limit = sql.bind(query.limit + 1);
    const rows: DeadLetterRow[] = await this.db.query(
      `SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters WHERE ${sql.where}
       ORDER BY dead_at DESC, id DESC LIMIT ${limit}`,
      sql.params,
    );
    return toPage(rows, query.limit, (row) => [row.dead_at_key, row.id], deadLetterView);
  }

  async get(tenantId: string, id: string) {
    if (!UUID.test(id)) throw notFound('dead letter');
    const rows: (DeadLetterRow & { payload: string })[] = await this.db.query(
      `SELECT ${DEAD_LETTER_COLUMNS}, payload FROM dead_letters WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    const row = rows[0];
    if (!row) throw notFound('dead letter');
    return deadLetterDetail(row);
  }
}
