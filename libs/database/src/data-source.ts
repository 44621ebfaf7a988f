import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { shouldReport, waitForDependency } from '@herald/resilience';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export interface DatabaseOptions {
  url: string;
  /** The service's own schema; no service reads another's. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  poolSize?: number;
}

/** How long one connection attempt at start-up may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Opens a DataSource for one service: creates the database and the schema if
 * they are missing, then runs the service's migrations under an advisory lock
 * so that replicas starting together do not race. Never `synchronize`. While
 * Postgres does not answer it waits and retries (backoff capped at 1 s)
 * instead of failing; an error Postgres itself reports (bad credentials, a
 * failing migration) ends the start at once.
 */
export async function openDataSource(options: DatabaseOptions): Promise<DataSource> {
  const logger = new Logger('Database');
  return waitForDependency(
    async () => {
      await ensureDatabase(options.url);
      return migrated(options);
    },
    {
      what: 'Postgres',
      isPermanent: isReportedByPostgres,
      onRetry: (error, failures, delayMs) => {
        if (!shouldReport(failures)) return;
        logger.warn(
          `waiting for Postgres (attempt ${failures}): ${describe(error)}; retrying in ${delayMs} ms`,
        );
      },
    },
  );
}

async function migrated(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // Unqualified names in migrations and raw SQL resolve to the service's schema.
    extra: { max: options.poolSize ?? 10, options: `-c search_path=${options.schema}` },
    // Which service a connection belongs to, in pg_stat_activity and the server's logs.
    applicationName: `herald-${options.schema}`,
    logging: ['error'],
  });
  try {
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`herald:${options.schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`herald:${options.schema}`]);
      await runner.release();
    }
  } catch (error) {
    // Postgres went away half-way: close this attempt's pool before the next one.
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}

/** Creates the database named in `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: admin.toString(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A failed connect leaves a client that must still be ended (its socket may linger).
  await client.connect().catch(async (error: unknown) => {
    await client.end().catch(() => undefined);
    throw error;
  });
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
        .catch((error: unknown) => {
          // 42P04 duplicate_database, or 23505 when two CREATEs race on the catalog.
          const code = (error as { code?: string }).code;
          if (code !== '42P04' && code !== '23505') throw error;
        });
    }
  } finally {
    await client.end();
  }
}

/**
 * Errors Postgres sends (they carry a SQLSTATE) are answers, not outages:
 * wrong password, missing role, permission denied. Except those that mean
 * "not yet": the server starting up or shutting down, or too many clients.
 */
function isReportedByPostgres(error: unknown): boolean {
  const cause = (error as { driverError?: unknown }).driverError ?? error;
  if (!(cause instanceof pg.DatabaseError)) return false;
  return !['57P03', '57P01', '57P02', '53300', '08006', '08001'].includes(cause.code ?? '');
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return [code, message].filter((part) => part !== undefined && part !== '').join(' ') || 'unknown';
}

/** Readiness: the database answers. */
export async function probeDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
