import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finds a tenant's parked backlog, oldest first, without scanning the other parked tasks. */
export class DispatcherParkedBacklog1796000000200 implements MigrationInterface {
  name = 'DispatcherParkedBacklog1796000000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      "CREATE INDEX parked_tasks_backlog_idx ON parked_tasks (tenant_id, id) WHERE reason = 'backlog'",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX parked_tasks_backlog_idx');
  }
}
