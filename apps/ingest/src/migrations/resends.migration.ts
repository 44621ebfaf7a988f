import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resend audit: one row per accepted `POST /v1/messages/:id/resend`,
 * written before its task is published, so every resent task has a record of
 * who asked (tenant and API key) and when. No foreign key to `messages`: the
 * audit must outlive any future message retention.
 */
export class IngestResends1795316827396 implements MigrationInterface {
  name = 'IngestResends1795316827396';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE resends (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        key_id text NOT NULL,
        message_id text NOT NULL,
        endpoint_id text NOT NULL,
        replay_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX resends_tenant_created_idx ON resends (tenant_id, created_at DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE resends');
  }
}
