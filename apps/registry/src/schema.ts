import { sqlMigration } from '@herald/database';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { EndpointEntity } from './entities/endpoint.entity.js';
import { RegistryCatalog1796601600000 } from './migrations/catalog.migration.js';
import { RegistryEndpointDelivery1795316814704 } from './migrations/endpoint-delivery.migration.js';
import { RegistryNatsCredentials1796774400000 } from './migrations/nats-credentials.migration.js';
import { PortalSettingsEntity } from './portal/portal-settings.entity.js';
import { RegistryPortalSettings1797100000000 } from './portal/portal.migration.js';
import { NatsCredentialEntity } from './nats-credentials/nats-credential.entity.js';
import { EventTypeEntity } from './entities/event-type.entity.js';
import { TenantEntity } from './entities/tenant.entity.js';

/**
 * The registry's tables, in its own `registry` schema (the search path is set
 * by the DataSource). Only the SHA-256 of an API key is stored, never the key.
 */
export const RegistryInitial1763769600100 = sqlMigration('RegistryInitial1763769600100', {
  up: [
    `
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        role text NOT NULL DEFAULT 'admin',
        prefix text NOT NULL,
        hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`,
    'CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id)',
    `
      CREATE TABLE endpoints (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        channels text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        secret text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        timeout_ms integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX endpoints_tenant_created_idx ON endpoints (tenant_id, created_at, id)',
  ],
  down: ['DROP TABLE endpoints', 'DROP TABLE api_keys', 'DROP TABLE tenants'],
});

export const REGISTRY_ENTITIES = [
  TenantEntity,
  ApiKeyEntity,
  EndpointEntity,
  EventTypeEntity,
  NatsCredentialEntity,
  PortalSettingsEntity,
];
export const REGISTRY_MIGRATIONS = [
  RegistryInitial1763769600100,
  RegistryEndpointDelivery1795316814704,
  RegistryCatalog1796601600000,
  RegistryNatsCredentials1796774400000,
  RegistryPortalSettings1797100000000,
];
