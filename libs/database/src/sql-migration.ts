import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a migration made only of SQL runs: `up` in order, and `down` to undo it. */
export interface SqlMigrationSteps {
  up: readonly string[];
  down: readonly string[];
}

/**
 * A migration class for a list of SQL statements. `name` is the name TypeORM
 * records in the migrations table; it ends in the migration's timestamp, which
 * orders it among the service's migrations.
 */
export function sqlMigration(name: string, steps: SqlMigrationSteps): new () => MigrationInterface {
  const migration = class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      for (const statement of steps.up) await runner.query(statement);
    }

    async down(runner: QueryRunner): Promise<void> {
      for (const statement of steps.down) await runner.query(statement);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
