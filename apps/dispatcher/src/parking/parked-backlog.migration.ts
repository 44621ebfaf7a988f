import { sqlMigration } from '@herald/database';

/** Finds a tenant's parked backlog, oldest first, without scanning the other parked tasks. */
export const DispatcherParkedBacklog1796000000200 = sqlMigration(
  'DispatcherParkedBacklog1796000000200',
  {
    up: [
      "CREATE INDEX parked_tasks_backlog_idx ON parked_tasks (tenant_id, id) WHERE reason = 'backlog'",
    ],
    down: ['DROP INDEX parked_tasks_backlog_idx'],
  },
);
