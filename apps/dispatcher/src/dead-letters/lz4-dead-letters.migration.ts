import { lz4Compression, sqlMigration } from '@herald/database';

/** A dead letter's payload is compressed with LZ4 rather than pglz when large (ADR 0110). */
export const DispatcherLz4DeadLetters1797200000000 = sqlMigration(
  'DispatcherLz4DeadLetters1797200000000',
  lz4Compression('dead_letters', ['payload']),
);
