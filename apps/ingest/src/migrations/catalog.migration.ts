import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event-type catalog's columns: the event-type version of each message, the body delivered when
 * its event type has an envelope (null: the payload itself is the body), and
 * indexes for the message list's filters and keyset order.
 */
export class IngestCatalog1796601600100 implements MigrationInterface {
  name = 'IngestCatalog1796601600100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE messages
        ADD COLUMN event_version integer NOT NULL DEFAULT 1,
        ADD COLUMN body text`);
    await runner.query(
      'CREATE INDEX messages_tenant_created_id_idx ON messages (tenant_id, created_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX messages_tenant_type_created_idx ON messages (tenant_id, event_type, created_at DESC)',
    );
    await runner.query(
      'CREATE INDEX rejections_tenant_created_idx ON rejections (tenant_id, created_at DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX rejections_tenant_created_idx');
    await runner.query('DROP INDEX messages_tenant_type_created_idx');
    await runner.query('DROP INDEX messages_tenant_created_id_idx');
    await runner.query('ALTER TABLE messages DROP COLUMN body, DROP COLUMN event_version');
  }
}
