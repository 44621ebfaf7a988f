import pg from 'pg';

/**
 * The run's own Postgres database: created empty at start, dropped (with
 * FORCE, so lingering service connections do not block it) at the end.
 */
export interface BenchDatabase {
  name: string;
  url: string;
  /** One client on the bench database, for verification queries. */
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = `${serverUrl}/${name}`;
  let client: pg.Client | null = null;
  return {
    name,
    url,
    async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
      if (!client) {
        client = new pg.Client({ connectionString: url });
        await client.connect();
      }
      return (await client.query<T>(sql, params)).rows;
    },
    async drop() {
      await client?.end().catch(() => undefined);
      client = null;
      await dropDatabase(serverUrl, name);
    },
  };
}

/** Drops a database even while something is still connected to it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop database "${name}"`);
  await withAdmin(serverUrl, (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

async function withAdmin<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function postgresVersion(db: BenchDatabase): Promise<string> {
  const rows = await db.query<{ server_version: string }>('SHOW server_version');
  return rows[0]?.server_version ?? 'unknown';
}

/** Postgres's write-ahead log since its statistics were last reset (`pg_stat_wal`, the whole server). */
export interface WalCounters {
  records: number;
  /** Full-page images: whole pages logged on their first change after a checkpoint. */
  fullPageImages: number;
  bytes: number;
}

/**
 * The server's WAL counters, or null where it has no `pg_stat_wal` (before
 * Postgres 14). Each backend adds its WAL to them at the end of a
 * transaction, at most once a second, so a reading trails a busy server by
 * up to a second, at the start of a counted round and at its end alike.
 */
export async function readWal(db: BenchDatabase): Promise<WalCounters | null> {
  try {
    const rows = await db.query<{ records: string; fpi: string; bytes: string }>(
      'SELECT wal_records AS records, wal_fpi AS fpi, wal_bytes AS bytes FROM pg_stat_wal',
    );
    const row = rows[0];
    if (!row) return null;
    return {
      records: Number(row.records),
      fullPageImages: Number(row.fpi),
      bytes: Number(row.bytes),
    };
  } catch {
    return null;
  }
}

/** The WAL written from `before` to `after`; null unless both were read. */
export function walBetween(
  before: WalCounters | null,
  after: WalCounters | null,
): WalCounters | null {
  if (!before || !after) return null;
  return {
    records: after.records - before.records,
    fullPageImages: after.fullPageImages - before.fullPageImages,
    bytes: after.bytes - before.bytes,
  };
}
