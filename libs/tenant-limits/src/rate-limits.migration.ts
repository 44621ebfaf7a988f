import { sqlMigration } from '@herald/database';
import { RATE_LIMIT_TABLE } from './rate-limiter.js';

/**
 * The request counters of `RateLimit` (in the service's own schema, which
 * the DataSource's search path selects): one row per key and window.
 */
export const RateLimits1797000000000 = sqlMigration('RateLimits1797000000000', {
  up: [
    `
      CREATE TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`,
  ],
  down: [`DROP TABLE ${RATE_LIMIT_TABLE}`],
});
