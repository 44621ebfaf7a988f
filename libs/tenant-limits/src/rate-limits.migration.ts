import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RATE_LIMIT_TABLE } from './rate-limiter.js';

/**
 * The request counters of `RateLimit` (in the service's own schema, which
 * the DataSource's search path selects): one row per key and window.
 */
export class RateLimits1797000000000 implements MigrationInterface {
  name = 'RateLimits1797000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS ${RATE_LIMIT_TABLE} (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${RATE_LIMIT_TABLE}`);
  }
}
