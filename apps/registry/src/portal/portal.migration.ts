import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-tenant portal settings (embedding origins, theme). */
export class RegistryPortalSettings1797100000000 implements MigrationInterface {
  name = 'RegistryPortalSettings1797100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE portal_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
        frame_ancestors text[] NOT NULL DEFAULT '{}',
        logo_url text,
        primary_color text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE portal_settings');
  }
}
