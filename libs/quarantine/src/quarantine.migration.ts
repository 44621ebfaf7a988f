import { sqlMigration } from '@herald/database';

/**
 * `quarantined_messages`, in the schema of each service that has one: the
 * internal messages its consumer gave up (undecodable, permanently failing,
 * failing every attempt), kept for the operator with the reason and the
 * message itself (escaped text) so it can be understood and re-sent by hand.
 */
export const Quarantine1796000000000 = sqlMigration('Quarantine1796000000000', {
  up: [
    `
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
      )`,
  ],
  down: ['DROP TABLE quarantined_messages'],
});

export const QUARANTINE_MIGRATIONS = [Quarantine1796000000000];
