import { sqlMigration } from '@herald/database';

/**
 * Tenant settings, named API keys, the event-type catalog, endpoint
 * payload filters and metadata.
 *
 * - `tenants`: settings with their defaults (CHECKs repeat the API's limits).
 * - `event_types`: one row per (tenant, name, version). `schema`, `envelope`
 *   and `example` are `json`, not `jsonb`: `json` keeps the text as given, so
 *   an envelope's field order (`event` before `date`) and an example's key
 *   order survive.
 * - `endpoints.metadata`: free-form labels, GIN-indexed for label filters.
 */
export const RegistryCatalog1796601600000 = sqlMigration('RegistryCatalog1796601600000', {
  up: [
    `
      ALTER TABLE tenants
        ADD COLUMN https_only boolean NOT NULL DEFAULT false,
        ADD COLUMN max_url_length integer NOT NULL DEFAULT 2048
          CHECK (max_url_length BETWEEN 32 AND 65536),
        ADD COLUMN unique_channel_endpoint boolean NOT NULL DEFAULT false,
        ADD COLUMN retry_schedule_ms integer[]
          CHECK (cardinality(retry_schedule_ms) <= 20),
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`,
    'ALTER TABLE api_keys ADD COLUMN name text',
    `
      ALTER TABLE endpoints
        ADD COLUMN payload_filter jsonb,
        ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}'`,
    'CREATE INDEX endpoints_metadata_idx ON endpoints USING gin (metadata jsonb_path_ops)',
    `
      CREATE TABLE event_types (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        name text NOT NULL,
        version integer NOT NULL CHECK (version BETWEEN 1 AND 1000),
        description text,
        schema json,
        envelope json,
        example json,
        archived boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_types_tenant_name_version_key UNIQUE (tenant_id, name, version)
      )`,
  ],
  down: [
    'DROP TABLE event_types',
    'DROP INDEX endpoints_metadata_idx',
    'ALTER TABLE endpoints DROP COLUMN metadata, DROP COLUMN payload_filter',
    'ALTER TABLE api_keys DROP COLUMN name',
    `
      ALTER TABLE tenants
        DROP COLUMN updated_at, DROP COLUMN retry_schedule_ms, DROP COLUMN unique_channel_endpoint,
        DROP COLUMN max_url_length, DROP COLUMN https_only`,
  ],
});
