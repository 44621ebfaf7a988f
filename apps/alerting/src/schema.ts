import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AlertEntity } from './alerts/alert.entity.js';

/** Alerting's tables, in its own `alerting` schema. */
export class AlertingInitial1763769600000 implements MigrationInterface {
  name = 'AlertingInitial1763769600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
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
      )`);
    await runner.query(
      'CREATE INDEX alerts_tenant_created_idx ON alerts (tenant_id, created_at DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE alerts');
  }
}

export const ALERTING_ENTITIES = [AlertEntity];
export const ALERTING_MIGRATIONS = [AlertingInitial1763769600000];
