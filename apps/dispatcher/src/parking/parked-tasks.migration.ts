import { sqlMigration } from '@herald/database';

/**
 * `dispatcher.parked_tasks`: delivery tasks that must wait longer than a
 * JetStream redelivery should (a late retry, a paused endpoint, a disabled
 * endpoint's held messages). They wait here instead of as unacknowledged
 * messages, which would count against the consumer's `max_ack_pending` and,
 * by the thousand, stall every endpoint. `task_id` keeps one row per task.
 */
export const DispatcherParkedTasks1795400000200 = sqlMigration(
  'DispatcherParkedTasks1795400000200',
  {
    up: [
      `
      CREATE TABLE parked_tasks (
        id bigserial PRIMARY KEY,
        task_id text NOT NULL UNIQUE,
        tenant_id text NOT NULL,
        endpoint_id text NOT NULL,
        reason text NOT NULL,
        task text NOT NULL,
        due_at timestamptz NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`,
      'CREATE INDEX parked_tasks_due_idx ON parked_tasks (due_at)',
      "CREATE INDEX parked_tasks_held_idx ON parked_tasks (endpoint_id) WHERE reason = 'endpoint_disabled'",
    ],
    down: ['DROP TABLE parked_tasks'],
  },
);
