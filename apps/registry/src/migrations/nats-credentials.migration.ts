import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Producer NATS credentials: metadata and public key only, never a seed. */
export class RegistryNatsCredentials1796774400000 implements MigrationInterface {
  name = 'RegistryNatsCredentials1796774400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE nats_credentials (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text,
        public_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await runner.query(
      'CREATE INDEX nats_credentials_tenant_idx ON nats_credentials (tenant_id, created_at, id)',
    );
    await runner.query(
      'CREATE INDEX nats_credentials_revoked_idx ON nats_credentials (revoked_at) WHERE revoked_at IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE nats_credentials');
  }
}
