import { sqlMigration } from '@herald/database';

/**
 * The resend audit: one row per accepted `POST /v1/messages/:id/resend`,
 * written before its task is published, so every resent task has a record of
 * who asked (tenant and API key) and when. No foreign key to `messages`: the
 * audit must outlive any future message retention.
 */
export const IngestResends1795316827396 = sqlMigration('IngestResends1795316827396', {
  up: [
    `
      CREATE TABLE resends (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        key_id text NOT NULL,
        message_id text NOT NULL,
        endpoint_id text NOT NULL,
        replay_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX resends_tenant_created_idx ON resends (tenant_id, created_at DESC)',
  ],
  down: ['DROP TABLE resends'],
});
