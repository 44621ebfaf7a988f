import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestDatabase, orderLike } from '@herald/testing';
import { lz4Compression, LZ4_AVAILABLE_SQL } from './toast-compression.js';

/** ADR 0110 on real Postgres: LZ4 for large values where the server has it, nothing changed where not. */
describe('lz4Compression (real Postgres)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: DataSource;
  let available: boolean;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new DataSource({
      type: 'postgres',
      url: database.url,
      extra: { max: 1, options: '-c search_path=toast_spec' },
    });
    await db.initialize();
    await db.query('CREATE SCHEMA toast_spec');
    await db.query('CREATE TABLE docs (id text PRIMARY KEY, payload text NOT NULL, note text)');
    available = (await db.query<unknown[]>(LZ4_AVAILABLE_SQL)).length === 1;
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const methods = () =>
    db.query<{ attname: string; attcompression: string }[]>(
      `SELECT attname, attcompression FROM pg_attribute
       WHERE attrelid = 'toast_spec.docs'::regclass AND attname IN ('payload', 'note') ORDER BY attname`,
    );

  it('has a large value written afterwards compressed with LZ4, read back byte for byte', async () => {
    await db.query(lz4Compression('docs', ['payload', 'note']).up[0]!);
    const set = available ? 'l' : '';
    expect(await methods()).toEqual([
      { attname: 'note', attcompression: set },
      { attname: 'payload', attcompression: set },
    ]);
    const payload = JSON.stringify(orderLike(120, 1));
    expect(payload.length).toBeGreaterThan(8_000);
    await db.query('INSERT INTO docs (id, payload) VALUES ($1, $2)', ['a', payload]);
    const [row] = await db.query<{ payload: string; method: string; stored: number }[]>(
      `SELECT payload, pg_column_compression(payload) AS method, pg_column_size(payload) AS stored
       FROM docs WHERE id = 'a'`,
    );
    expect(row!.payload).toBe(payload);
    expect(row!.method).toBe(available ? 'lz4' : 'pglz');
    expect(row!.stored).toBeLessThan(payload.length * 0.75);
  });

  it('puts the default back, and values of either method still read', async () => {
    await db.query(lz4Compression('docs', ['payload', 'note']).down[0]!);
    expect(await methods()).toEqual([
      { attname: 'note', attcompression: '' },
      { attname: 'payload', attcompression: '' },
    ]);
    const payload = JSON.stringify(orderLike(120, 2));
    await db.query('INSERT INTO docs (id, payload) VALUES ($1, $2)', ['b', payload]);
    const rows = await db.query<{ id: string; method: string; same: boolean }[]>(
      `SELECT id, pg_column_compression(payload) AS method, payload = $1 OR id = 'a' AS same
       FROM docs ORDER BY id`,
      [payload],
    );
    expect(rows).toEqual([
      { id: 'a', method: available ? 'lz4' : 'pglz', same: true },
      { id: 'b', method: 'pglz', same: true },
    ]);
  });

  it('is offered by the Postgres that tests and CI run on (Debian builds it with LZ4)', () => {
    // Guards the two tests above from passing only through their fallback branch.
    expect(available).toBe(true);
  });

  it('takes plain identifiers only', () => {
    expect(() => lz4Compression('docs; DROP TABLE docs', ['payload'])).toThrow(/plain identifier/);
    expect(() => lz4Compression('docs', ['Payload'])).toThrow(/plain identifier/);
    expect(() => lz4Compression('docs', [])).toThrow(/no columns/);
  });
});
