import { lz4Compression, sqlMigration } from '@herald/database';

/** A parked task (its payload inside) is compressed with LZ4 rather than pglz when large (ADR 0110). */
export const DispatcherLz4ParkedTasks1797200000100 = sqlMigration(
  'DispatcherLz4ParkedTasks1797200000100',
  lz4Compression('parked_tasks', ['task']),
);
