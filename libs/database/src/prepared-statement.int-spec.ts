import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@herald/testing';
import { PreparedStatement } from './prepared-statement.js';

/** Prepared statements on real Postgres, through a service's own pool. */
describe('PreparedStatement (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so the session that prepared the statement is the one asked about it.
    db = new DataSource({
      type: 'postgres',
      url: database.url,
      extra: { max: 1, options: '-c search_path=prepared_spec' },
    });
    await db.initialize();
    await db.query('CREATE SCHEMA prepared_spec');
    await db.query('CREATE TABLE items (id text PRIMARY KEY, n integer NOT NULL)');
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const insert = new PreparedStatement<{ id: string }>(
    'spec_insert_items',
    `INSERT INTO items (id, n) SELECT * FROM unnest($1::text[], $2::integer[])
     ON CONFLICT (id) DO NOTHING RETURNING id`,
  );

  it("runs in the service's schema, prepared once for the connection", async () => {
    expect(
      await insert.run(db, [
        ['a', 'b'],
        [1, 2],
      ]),
    ).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(
      await insert.run(db, [
        ['b', 'c'],
        [2, 3],
      ]),
    ).toEqual([{ id: 'c' }]);
    const prepared = await db.query<{ name: string; calls: string }[]>(
      `SELECT name, generic_plans + custom_plans AS calls FROM pg_prepared_statements`,
    );
    expect(prepared).toEqual([{ name: 'spec_insert_items', calls: '2' }]);
  });

  it("fails with Postgres's own error code, and the next call still runs", async () => {
    await expect(insert.run(db, [['d'], [null]])).rejects.toMatchObject({ code: '23502' });
    expect(await insert.run(db, [['d'], [4]])).toEqual([{ id: 'd' }]);
  });

  it('refuses a second statement under the same name', () => {
    expect(() => new PreparedStatement('spec_insert_items', 'SELECT 1')).toThrow(/defined twice/);
  });
});
