import type { SqlMigrationSteps } from './sql-migration.js';

/**
 * Large text values (payloads, task bodies, response bodies) are compressed
 * by Postgres when a row outgrows about 2 KB. Its default method, pglz, took
 * about 88 µs more per 9 KB JSON payload on insert than LZ4, which took no
 * longer than storing the value uncompressed and kept it almost as small
 * (ADR 0110).
 *
 * `lz4Compression` gives a migration's steps: `up` sets LZ4 on the named
 * columns when the server was built with it (Postgres 14 or later,
 * `--with-lz4`), and on any other server changes nothing, so a migration
 * that uses it runs everywhere; `down` puts the default back. Values stored
 * before keep their method: Postgres reads both.
 */
export function lz4Compression(table: string, columns: readonly string[]): SqlMigrationSteps {
  return {
    up: [ifLz4(alterColumns(table, columns, 'lz4'))],
    down: [ifLz4(alterColumns(table, columns, 'default'))],
  };
}

/** Whether the server can compress with LZ4: one row when it can. */
export const LZ4_AVAILABLE_SQL =
  "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)";

/**
 * PL/pgSQL parses a statement when it first runs it, so on a server without
 * the method (or without `SET COMPRESSION`, before Postgres 14) the `ALTER`
 * is never parsed.
 */
function ifLz4(statement: string): string {
  return `DO $$ BEGIN IF EXISTS (${LZ4_AVAILABLE_SQL}) THEN ${statement}; END IF; END $$`;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function alterColumns(table: string, columns: readonly string[], method: string): string {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  }
  if (columns.length === 0) throw new Error(`no columns of ${table} named`);
  const clauses = columns.map((column) => `ALTER COLUMN ${column} SET COMPRESSION ${method}`);
  return `ALTER TABLE ${table} ${clauses.join(', ')}`;
}
