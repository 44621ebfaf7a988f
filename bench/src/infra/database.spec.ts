import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pollUntil } from '@herald/testing';
import {
  createBenchDatabase,
  readWal,
  walBetween,
  type BenchDatabase,
  type WalCounters,
} from './database.js';

const SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

describe('readWal (real Postgres)', () => {
  let db: BenchDatabase;

  beforeAll(async () => {
    db = await createBenchDatabase(SERVER, `bench_wal_spec_${process.pid}`);
    await db.query('CREATE TABLE wal_probe (id int PRIMARY KEY, body text NOT NULL)');
  });

  afterAll(async () => {
    await db.drop();
  });

  it('counts the records and bytes the server logs for rows written between two readings', async () => {
    const before = await readWal(db);
    await db.query(
      "INSERT INTO wal_probe SELECT g, repeat('x', 1000) FROM generate_series(1, 500) AS g",
    );
    // A backend adds its WAL to the server's counters at most once a second,
    // at the end of a transaction: each reading is one.
    let written: WalCounters | null = null;
    await pollUntil(
      async () => {
        written = walBetween(before, await readWal(db));
        return written!.records >= 1_000;
      },
      { timeoutMs: 20_000 },
    );
    // One heap record and one index record per row at least, each row's 1,000 bytes logged.
    expect(written!.records).toBeGreaterThanOrEqual(1_000);
    expect(written!.bytes).toBeGreaterThanOrEqual(500_000);
    expect(written!.fullPageImages).toBeGreaterThanOrEqual(0);
  });

  it('gives nothing between two readings unless both were read', () => {
    const reading = { records: 1, fullPageImages: 0, bytes: 100 };
    expect(walBetween(null, reading)).toBeNull();
    expect(walBetween(reading, null)).toBeNull();
  });
});
