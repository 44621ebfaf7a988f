import { lz4Compression, sqlMigration } from '@herald/database';
import { AttemptEntity } from './attempts/attempt.entity.js';

/** Health-monitor's tables, in its own `health` schema. */
export const HealthMonitorInitial1763769600000 = sqlMigration('HealthMonitorInitial1763769600000', {
  up: [
    `
      CREATE TABLE attempts (
        attempt_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        endpoint_id text NOT NULL,
        message_id text NOT NULL,
        event_type text NOT NULL,
        attempt integer NOT NULL,
        outcome text NOT NULL,
        reason text NOT NULL,
        status_code integer,
        error text,
        latency_ms double precision NOT NULL,
        response_body text,
        url text NOT NULL,
        final boolean NOT NULL,
        next_attempt_at timestamptz,
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX attempts_tenant_endpoint_at_idx ON attempts (tenant_id, endpoint_id, at DESC)',
  ],
  down: ['DROP TABLE attempts'],
});

/** Start-up rebuilds the pause windows from recent failures: read them without a full scan. */
export const HealthMonitorFailuresIndex1764028800000 = sqlMigration(
  'HealthMonitorFailuresIndex1764028800000',
  {
    up: [
      `CREATE INDEX IF NOT EXISTS attempts_failures_at_idx ON attempts (at) WHERE outcome = 'failure'`,
    ],
    down: ['DROP INDEX IF EXISTS attempts_failures_at_idx'],
  },
);

/**
 * Retention needs `at` indexed for every outcome; per-endpoint health
 * settings (slow threshold); rejected-task reports from the dispatcher; and
 * the per-endpoint state the disable and recovery policies must keep across
 * restarts and beyond the 24 h window (failure streak, warnings, incident).
 */
export const HealthMonitorHealth1764547200000 = sqlMigration('HealthMonitorHealth1764547200000', {
  up: [
    'CREATE INDEX IF NOT EXISTS attempts_at_idx ON attempts (at)',
    `
      CREATE TABLE endpoint_settings (
        endpoint_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        slow_threshold_ms integer CONSTRAINT endpoint_settings_slow_check CHECK (slow_threshold_ms > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE rejections (
        report_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        endpoint_id text NOT NULL,
        at timestamptz NOT NULL,
        breaker_open integer NOT NULL,
        endpoint_paused integer NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX rejections_at_idx ON rejections (at)',
    `
      CREATE TABLE endpoint_health (
        endpoint_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        url text NOT NULL,
        last_success_at timestamptz,
        failing_since timestamptz,
        last_failure_at timestamptz,
        streak_failures integer NOT NULL DEFAULT 0,
        last_status_code integer,
        last_error text,
        warned_percent integer NOT NULL DEFAULT 0,
        disabled_at timestamptz,
        incident_since timestamptz,
        incident_kinds text[] NOT NULL DEFAULT '{}',
        incident_failures integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [
    'DROP TABLE endpoint_health',
    'DROP TABLE rejections',
    'DROP TABLE endpoint_settings',
    'DROP INDEX IF EXISTS attempts_at_idx',
  ],
});

/** The attempt lists: the tenant's attempts newest first, and one message's attempts. */
export const HealthMonitorAttemptLists1796601600200 = sqlMigration(
  'HealthMonitorAttemptLists1796601600200',
  {
    up: [
      'CREATE INDEX IF NOT EXISTS attempts_tenant_at_idx ON attempts (tenant_id, at DESC, attempt_id DESC)',
      'CREATE INDEX IF NOT EXISTS attempts_tenant_message_idx ON attempts (tenant_id, message_id)',
    ],
    down: [
      'DROP INDEX IF EXISTS attempts_tenant_message_idx',
      'DROP INDEX IF EXISTS attempts_tenant_at_idx',
    ],
  },
);

/** A long response body kept in the attempt log is compressed with LZ4 rather than pglz (ADR 0110). */
export const HealthMonitorLz4Attempts1797200000000 = sqlMigration(
  'HealthMonitorLz4Attempts1797200000000',
  lz4Compression('attempts', ['response_body']),
);

export const HEALTH_MONITOR_ENTITIES = [AttemptEntity];
export const HEALTH_MONITOR_MIGRATIONS = [
  HealthMonitorInitial1763769600000,
  HealthMonitorFailuresIndex1764028800000,
  HealthMonitorHealth1764547200000,
  HealthMonitorAttemptLists1796601600200,
  HealthMonitorLz4Attempts1797200000000,
];
