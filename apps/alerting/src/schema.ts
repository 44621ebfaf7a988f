import { sqlMigration } from '@herald/database';
import { AlertEntity } from './alerts/alert.entity.js';

/** Alerting's tables, in its own `alerting` schema. */
export const AlertingInitial1763769600000 = sqlMigration('AlertingInitial1763769600000', {
  up: [
    `
      CREATE TABLE alerts (
        alert_id text PRIMARY KEY,
        kind text NOT NULL,
        tenant_id text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT alerts_status_check CHECK (status IN ('pending', 'sent', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`,
    'CREATE INDEX alerts_tenant_created_idx ON alerts (tenant_id, created_at DESC)',
  ],
  down: ['DROP TABLE alerts'],
});

/**
 * Alert destinations: destinations per tenant and one for operators, one delivery row
 * per (alert, destination), and the suppression window per (endpoint, kind).
 */
export const AlertingDestinations1764547200000 = sqlMigration('AlertingDestinations1764547200000', {
  up: [
    `
      CREATE TABLE destinations (
        id uuid PRIMARY KEY,
        scope text NOT NULL CONSTRAINT destinations_scope_check CHECK (scope IN ('tenant', 'operator')),
        tenant_id text,
        url text NOT NULL,
        token text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        kinds text[],
        description text,
        managed_by text NOT NULL DEFAULT 'api',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        token_rotated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT destinations_owner_check CHECK ((scope = 'operator') = (tenant_id IS NULL))
      )`,
    `CREATE UNIQUE INDEX destinations_one_operator_idx ON destinations (scope) WHERE scope = 'operator'`,
    'CREATE INDEX destinations_tenant_idx ON destinations (tenant_id)',
    'ALTER TABLE alerts ALTER COLUMN tenant_id DROP NOT NULL',
    'ALTER TABLE alerts ADD COLUMN endpoint_id text',
    'ALTER TABLE alerts ADD COLUMN suppressed_before integer NOT NULL DEFAULT 0',
    'ALTER TABLE alerts DROP CONSTRAINT alerts_status_check',
    `ALTER TABLE alerts ADD CONSTRAINT alerts_status_check
         CHECK (status IN ('pending', 'sent', 'skipped', 'suppressed', 'failed'))`,
    'CREATE INDEX alerts_endpoint_created_idx ON alerts (endpoint_id, created_at)',
    `
      CREATE TABLE deliveries (
        alert_id text NOT NULL REFERENCES alerts (alert_id) ON DELETE CASCADE,
        destination_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (alert_id, destination_id)
      )`,
    'CREATE INDEX deliveries_destination_created_idx ON deliveries (destination_id, created_at)',
    `
      CREATE TABLE suppressions (
        endpoint_id text NOT NULL,
        kind text NOT NULL,
        last_sent_at timestamptz NOT NULL,
        suppressed integer NOT NULL DEFAULT 0,
        PRIMARY KEY (endpoint_id, kind)
      )`,
  ],
  down: [
    'DROP TABLE suppressions',
    'DROP TABLE deliveries',
    'DROP INDEX alerts_endpoint_created_idx',
    'ALTER TABLE alerts DROP CONSTRAINT alerts_status_check',
    `ALTER TABLE alerts ADD CONSTRAINT alerts_status_check CHECK (status IN ('pending', 'sent', 'skipped'))`,
    'ALTER TABLE alerts DROP COLUMN suppressed_before',
    'ALTER TABLE alerts DROP COLUMN endpoint_id',
    'DROP TABLE destinations',
  ],
});

export const ALERTING_ENTITIES = [AlertEntity];
export const ALERTING_MIGRATIONS = [
  AlertingInitial1763769600000,
  AlertingDestinations1764547200000,
];
