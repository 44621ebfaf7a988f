import { sqlMigration } from '@herald/database';

/**
 * The event-type catalog's columns: the event-type version of each message, the body delivered when
 * its event type has an envelope (null: the payload itself is the body), and
 * indexes for the message list's filters and keyset order.
 */
export const IngestCatalog1796601600100 = sqlMigration('IngestCatalog1796601600100', {
  up: [
    `
      ALTER TABLE messages
        ADD COLUMN event_version integer NOT NULL DEFAULT 1,
        ADD COLUMN body text`,
    'CREATE INDEX messages_tenant_created_id_idx ON messages (tenant_id, created_at DESC, id DESC)',
    'CREATE INDEX messages_tenant_type_created_idx ON messages (tenant_id, event_type, created_at DESC)',
    'CREATE INDEX rejections_tenant_created_idx ON rejections (tenant_id, created_at DESC)',
  ],
  down: [
    'DROP INDEX rejections_tenant_created_idx',
    'DROP INDEX messages_tenant_type_created_idx',
    'DROP INDEX messages_tenant_created_id_idx',
    'ALTER TABLE messages DROP COLUMN body, DROP COLUMN event_version',
  ],
});
