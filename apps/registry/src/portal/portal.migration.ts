import { sqlMigration } from '@herald/database';

/** Per-tenant portal settings (embedding origins, theme). */
export const RegistryPortalSettings1797100000000 = sqlMigration(
  'RegistryPortalSettings1797100000000',
  {
    up: [
      `
      CREATE TABLE portal_settings (
        tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
        frame_ancestors text[] NOT NULL DEFAULT '{}',
        logo_url text,
        primary_color text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    ],
    down: ['DROP TABLE portal_settings'],
  },
);
