import { sqlMigration } from '@herald/database';

/**
 * Per-endpoint delivery settings, disable bookkeeping and secret rotation.
 *
 * - `concurrency`, `rate_limit_per_second`, `retry_schedule_ms`: null means
 *   the dispatcher's default; the CHECKs repeat the API's limits so a row can
 *   never hold what the API would refuse.
 * - `disabled_reason` / `disabled_at` are set exactly when `enabled` is false;
 *   rows disabled before this migration are recorded as disabled by an
 *   operator at their last update.
 * - `previous_secret` / `previous_secret_expires_at` are set together, by a
 *   rotation, and cleared together by the expiry sweep (partial index).
 */
export const RegistryEndpointDelivery1795316814704 = sqlMigration(
  'RegistryEndpointDelivery1795316814704',
  {
    up: [
      `
      ALTER TABLE endpoints
        ADD COLUMN concurrency integer
          CHECK (concurrency BETWEEN 1 AND 100),
        ADD COLUMN rate_limit_per_second double precision
          CHECK (rate_limit_per_second >= 0.1 AND rate_limit_per_second <= 10000),
        ADD COLUMN retry_schedule_ms integer[]
          CHECK (cardinality(retry_schedule_ms) <= 20),
        ADD COLUMN disabled_reason text,
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN previous_secret text,
        ADD COLUMN previous_secret_expires_at timestamptz,
        ADD CONSTRAINT endpoints_previous_secret_pair
          CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))`,
      `
      UPDATE endpoints SET disabled_reason = 'operator', disabled_at = updated_at
      WHERE NOT enabled`,
      `
      CREATE INDEX endpoints_previous_secret_expiry_idx ON endpoints (previous_secret_expires_at)
      WHERE previous_secret_expires_at IS NOT NULL`,
    ],
    down: [
      'DROP INDEX endpoints_previous_secret_expiry_idx',
      `
      ALTER TABLE endpoints
        DROP CONSTRAINT endpoints_previous_secret_pair,
        DROP COLUMN previous_secret_expires_at,
        DROP COLUMN previous_secret,
        DROP COLUMN disabled_at,
        DROP COLUMN disabled_reason,
        DROP COLUMN retry_schedule_ms,
        DROP COLUMN rate_limit_per_second,
        DROP COLUMN concurrency`,
    ],
  },
);
