import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `quarantined_messages`, in the schema of each service that has one: the
 * internal messages its consumer gave up (undecodable, permanently failing,
 * failing every attempt), kept for the operator with the reason and the
 * message itself (escaped text) so it can be understood and re-sent by hand.
 */
export class Quarantine1796000000000 implements MigrationInterface {
  name = 'Quarantine1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE quarantined_messages (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        subject text NOT NULL,
        stream_sequence bigint NOT NULL,
        deliveries integer NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        data text NOT NULL,
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (topic, stream_sequence)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE quarantined_messages');
  }
}

export const QUARANTINE_MIGRATIONS = [Quarantine1796000000000];
