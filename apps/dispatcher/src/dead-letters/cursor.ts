import { validationFailed } from '@herald/http-api';

/**
 * Keyset position in the newest-first list of dead letters: the last row's
 * `dead_at` (Postgres text, microseconds — a JS Date would round it and skip
 * or repeat rows) and id. Opaque to clients: base64url of JSON.
 */
export interface DeadLetterCursor {
  deadAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(cursor: DeadLetterCursor): string {
  return Buffer.from(JSON.stringify([cursor.deadAt, cursor.id])).toString('base64url');
}

/** Decodes a client's cursor; anything malformed is a 400, never a SQL error. */
export function decodeCursor(text: string): DeadLetterCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    INSTANT.test(value[0]) &&
    UUID.test(value[1])
  ) {
    return { deadAt: value[0], id: value[1] };
  }
  throw validationFailed([{ field: 'cursor', reason: 'not a cursor this API returned' }]);
}
