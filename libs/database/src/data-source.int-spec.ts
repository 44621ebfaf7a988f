import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '@herald/testing';
import { openDataSource } from './data-source.js';

/** A service's connections on real Postgres: its own schema, and its name where operators look. */
describe('openDataSource (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDataSource({ url: database.url, schema: 'named', entities: [], migrations: [] });
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('names its connections after the service and resolves names in its schema', async () => {
    const [row] = await db.query<{ name: string; path: string; listed: string }[]>(
      `SELECT current_setting('application_name') AS name, current_setting('search_path') AS path,
         (SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()) AS listed`,
    );
    expect(row).toEqual({ name: 'herald-named', path: 'named', listed: 'herald-named' });
  });
});
