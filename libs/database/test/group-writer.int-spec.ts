import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase } from '@herald/testing';
import { GroupWriter } from '../src/group-writer.js';

/** One bad row in a batch against a real Postgres: the rest commit, only it fails. */
describe('GroupWriter against Postgres', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  const statements: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query('CREATE TABLE rows (id text PRIMARY KEY, body text NOT NULL)');
  });

  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('isolates the row Postgres refuses (a NUL in text) and commits the others of its batch', async () => {
    const writer = new GroupWriter<{ id: string; body: string }, string>(
      async (rows) => {
        statements.push(rows.length);
        const stored = await pool.query<{ id: string }>(
          `INSERT INTO rows (id, body) SELECT * FROM unnest($1::text[], $2::text[]) RETURNING id`,
          [rows.map((r) => r.id), rows.map((r) => r.body)],
        );
        const ids = new Set(stored.rows.map((r) => r.id));
        return rows.map((r) => (ids.has(r.id) ? 'stored' : 'missing'));
      },
      { maxBatch: 64 },
    );
    const good = Array.from({ length: 40 }, (_, i) => ({ id: `good-${i}`, body: `body ${i}` }));
    const bad = { id: 'bad', body: 'before\u0000after' };
    // Submitted in one turn: one batch of 41, the bad row in the middle.
    const results = [...good.slice(0, 20), bad, ...good.slice(20)].map((row) =>
      writer.submit(row).then(
        (result) => ({ id: row.id, result }),
        (error: unknown) => ({ id: row.id, error: error as Error & { code?: string } }),
      ),
    );
    const settled = await Promise.all(results);

    expect(statements[0]).toBe(41);
    const failed = settled.filter((s) => 'error' in s);
    expect(failed.map((s) => s.id)).toEqual(['bad']);
    expect(settled.filter((s) => 'result' in s && s.result === 'stored')).toHaveLength(40);
    const rows = await pool.query<{ n: string }>('SELECT count(*) AS n FROM rows');
    expect(Number(rows.rows[0]!.n)).toBe(40);
    // Halving finds one row in about 2·log2(41) extra statements, not 41.
    expect(statements.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(41)) + 1);
  });
});
