import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDataSource } from '@herald/database';
import { createTestDatabase } from '@herald/testing';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '../src/schema.js';
import { IngestFanOuts1796601600300 } from '../src/migrations/fan-outs.migration.js';

/**
 * ADR 0107's migration on real Postgres, from the schema before it: marks
 * written on the message rows are copied to `fan_outs`, unmarked messages
 * stay unmarked, and the index the keyset index covers is gone.
 */
describe('the fan-out mark moves to its own table (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('copies the marks made on message rows, and drops the covered index', async () => {
    const open = (migrations: typeof INGEST_MIGRATIONS) =>
      openDataSource({
        url: database.url,
        schema: 'ingest',
        entities: INGEST_ENTITIES,
        migrations,
      });
    const before = INGEST_MIGRATIONS.slice(
      0,
      INGEST_MIGRATIONS.indexOf(IngestFanOuts1796601600300),
    );
    const old = await open(before);
    try {
      await old.query(
        `INSERT INTO messages (id, tenant_id, idempotency_key, event_type, payload, endpoint_ids, fanned_out_at)
         VALUES ('msg_marked', 'ten_a', 'k1', 'a', '{}', '{ep_1,ep_2}', '2026-12-01T10:00:00Z'),
                ('msg_marked_empty', 'ten_a', 'k2', 'a', '{}', '{}', '2026-12-01T10:00:01Z'),
                ('msg_unmarked', 'ten_a', 'k3', 'a', '{}', NULL, NULL)`,
      );
    } finally {
      await old.destroy();
    }

    const migrated = await open(INGEST_MIGRATIONS);
    try {
      const marks = await migrated.query<
        { message_id: string; endpoint_ids: string[]; at: string }[]
      >(
        `SELECT message_id, endpoint_ids, to_char(fanned_out_at AT TIME ZONE 'UTC', 'HH24:MI:SS') AS at
         FROM fan_outs ORDER BY message_id`,
      );
      expect(marks).toEqual([
        { message_id: 'msg_marked', endpoint_ids: ['ep_1', 'ep_2'], at: '10:00:00' },
        { message_id: 'msg_marked_empty', endpoint_ids: [], at: '10:00:01' },
      ]);
      const indexes = await migrated.query<{ indexname: string }[]>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'ingest' AND tablename = 'messages' ORDER BY 1",
      );
      expect(indexes.map((i) => i.indexname)).toEqual([
        'messages_pkey',
        'messages_tenant_created_id_idx',
        'messages_tenant_type_created_idx',
      ]);
    } finally {
      await migrated.destroy();
    }
  });
});
