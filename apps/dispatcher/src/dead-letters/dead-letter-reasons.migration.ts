import { sqlMigration } from '@herald/database';

/**
 * Two more reasons a chain dies: `endpoint_unknown` (its endpoint never
 * appeared in the read model during the grace) and `processing_failed` (the
 * dispatcher gave the task up as poison).
 */
export const DispatcherDeadLetterReasons1796000000100 = sqlMigration(
  'DispatcherDeadLetterReasons1796000000100',
  {
    up: [
      'ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_reason_check',
      `
      ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_reason_check CHECK (reason IN
        ('exhausted', 'endpoint_gone', 'hold_expired', 'permanent', 'endpoint_unknown',
         'processing_failed'))`,
    ],
    down: [
      'ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_reason_check',
      `
      ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_reason_check
        CHECK (reason IN ('exhausted', 'endpoint_gone', 'hold_expired', 'permanent'))`,
    ],
  },
);
