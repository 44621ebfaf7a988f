import { sqlMigration } from '@herald/database';

/**
 * The fan-out mark in a table of its own (ADR 0107): one narrow row inserted
 * per message once every delivery task is durable, instead of an update of
 * the message row. An update rewrote the whole row (payload included) on a
 * new page and added an entry to each of its indexes; the message row is now
 * written once. Marks made before this migration are copied. The old columns
 * stay for one release, so that a replica of the previous version keeps
 * working during a rolling update; readers take either mark.
 *
 * Also drops `messages_tenant_created_idx`: `messages_tenant_created_id_idx`
 * (tenant, created_at DESC, id DESC) serves every query it served.
 */
export const IngestFanOuts1796601600300 = sqlMigration('IngestFanOuts1796601600300', {
  up: [
    `
      CREATE TABLE fan_outs (
        message_id text PRIMARY KEY,
        endpoint_ids text[] NOT NULL,
        fanned_out_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      INSERT INTO fan_outs (message_id, endpoint_ids, fanned_out_at)
      SELECT id, coalesce(endpoint_ids, '{}'), fanned_out_at FROM messages
      WHERE fanned_out_at IS NOT NULL`,
    'DROP INDEX messages_tenant_created_idx',
  ],
  down: [
    `
      UPDATE messages m SET fanned_out_at = f.fanned_out_at, endpoint_ids = f.endpoint_ids
      FROM fan_outs f WHERE f.message_id = m.id AND m.fanned_out_at IS NULL`,
    'CREATE INDEX messages_tenant_created_idx ON messages (tenant_id, created_at DESC)',
    'DROP TABLE fan_outs',
  ],
});
