import type { BenchDatabase } from './database.js';

/**
 * Optional `pg_stat_statements` capture (`--pg-stats`). The extension only
 * collects when the server preloads it (`shared_preload_libraries`), which the
 * bench never changes on a shared server: when it is missing, the run goes on
 * and the report says why there are no statements.
 */
export interface StatementStat {
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

export type StatementCapture =
  { available: true; statements: StatementStat[] } | { available: false; reason: string };

export async function startStatementCapture(db: BenchDatabase): Promise<string | null> {
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query('SELECT pg_stat_statements_reset()');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The bench database's statements by total execution time, heaviest first. */
export async function readStatementCapture(
  db: BenchDatabase,
  startError: string | null,
  limit = 25,
): Promise<StatementCapture> {
  if (startError !== null) return { available: false, reason: startError };
  try {
    const rows = await db.query<{
      query: string;
      calls: string;
      total_ms: number;
      mean_ms: number;
      rows: string;
    }>(
      `SELECT query, calls, total_exec_time AS total_ms, mean_exec_time AS mean_ms, rows
       FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return {
      available: true,
      statements: rows.map((row) => ({
        query: row.query.replace(/\s+/g, ' ').trim(),
        calls: Number(row.calls),
        totalMs: Math.round(row.total_ms * 10) / 10,
        meanMs: Math.round(row.mean_ms * 1000) / 1000,
        rows: Number(row.rows),
      })),
    };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}
