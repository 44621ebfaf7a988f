import { sqlMigration } from '@herald/database';

/**
 * `dispatcher.dead_letters`: one row per delivery chain that gave up. A chain
 * is (message, endpoint, replay id or ''), so the original delivery and every
 * replay of it die into separate rows, and a chain that dies twice (a
 * republish after a crash) updates its row instead of adding one.
 */
export const DispatcherDeadLetters1795400000000 = sqlMigration(
  'DispatcherDeadLetters1795400000000',
  {
    up: [
      `
      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        endpoint_id text NOT NULL,
        message_id text NOT NULL,
        chain text NOT NULL DEFAULT '',
        event_type text NOT NULL,
        channel text,
        payload text NOT NULL,
        message_created_at timestamptz NOT NULL,
        attempts int NOT NULL,
        reason text NOT NULL
          CHECK (reason IN ('exhausted', 'endpoint_gone', 'hold_expired', 'permanent')),
        last_status_code int,
        last_reason text,
        last_error text,
        dead_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz,
        replay_count int NOT NULL DEFAULT 0,
        last_replay_id text,
        CONSTRAINT dead_letters_chain_key UNIQUE (message_id, endpoint_id, chain)
      )`,
      'CREATE INDEX dead_letters_tenant_dead_idx ON dead_letters (tenant_id, dead_at DESC, id DESC)',
      'CREATE INDEX dead_letters_endpoint_dead_idx ON dead_letters (tenant_id, endpoint_id, dead_at DESC, id DESC)',
    ],
    down: ['DROP TABLE dead_letters'],
  },
);
