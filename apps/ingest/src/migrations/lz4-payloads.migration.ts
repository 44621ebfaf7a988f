import { lz4Compression, sqlMigration } from '@herald/database';

/**
 * A stored event's payload and body, when large enough to be compressed, are
 * compressed with LZ4 rather than pglz: about the same size, a fraction of
 * Postgres's time per insert (ADR 0110). Rows stored before keep theirs.
 */
export const IngestLz4Payloads1797200000000 = sqlMigration(
  'IngestLz4Payloads1797200000000',
  lz4Compression('messages', ['payload', 'body']),
);
