import { sqlMigration } from '@herald/database';

/** Producer NATS credentials: metadata and public key only, never a seed. */
export const RegistryNatsCredentials1796774400000 = sqlMigration(
  'RegistryNatsCredentials1796774400000',
  {
    up: [
      `
      CREATE TABLE nats_credentials (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text,
        public_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz
      )`,
      'CREATE INDEX nats_credentials_tenant_idx ON nats_credentials (tenant_id, created_at, id)',
      'CREATE INDEX nats_credentials_revoked_idx ON nats_credentials (revoked_at) WHERE revoked_at IS NOT NULL',
    ],
    down: ['DROP TABLE nats_credentials'],
  },
);
