import { sqlMigration } from '@herald/database';

/**
 * `dispatcher.replays`: the audit record of every replay request (dry runs
 * too) and the durable state of its job. A running job is owned by the
 * replica holding its lease; when the lease lapses (crash) any replica may
 * take it over, and it resumes from what it has not marked yet.
 */
export const DispatcherReplays1795400000100 = sqlMigration('DispatcherReplays1795400000100', {
  up: [
    `
      CREATE TABLE replays (
        id text PRIMARY KEY,
        tenant_id text NOT NULL,
        key_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('dead_letters', 'recover')),
        filters jsonb NOT NULL,
        dry_run boolean NOT NULL,
        matched int NOT NULL,
        published int NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        error text,
        owner text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`,
    'CREATE INDEX replays_tenant_created_idx ON replays (tenant_id, created_at DESC)',
    "CREATE INDEX replays_running_idx ON replays (lease_until) WHERE status = 'running'",
  ],
  down: ['DROP TABLE replays'],
});
