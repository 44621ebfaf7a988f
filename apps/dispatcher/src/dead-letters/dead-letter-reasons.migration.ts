import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two more reasons a chain dies: `endpoint_unknown` (its endpoint never
 * appeared in the read model during the grace) and `processing_failed` (the
 * dispatcher gave the task up as poison).
 */
export class DispatcherDeadLetterReasons1796000000100 implements MigrationInterface {
  name = 'DispatcherDeadLetterReasons1796000000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_reason_check');
    await runner.query(`
      ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_reason_check CHECK (reason IN
        ('exhausted', 'endpoint_gone', 'hold_expired', 'permanent', 'endpoint_unknown',
         'processing_failed'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_reason_check');
    await runner.query(`
      ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_reason_check
        CHECK (reason IN ('exhausted', 'endpoint_gone', 'hold_expired', 'permanent'))`);
  }
}
