import { validationFailed } from './api-error.js';

/**
 * Opaque cursors for keyset pagination: base64url of a JSON array of the
 * last row's sort keys. Clients pass `nextCursor` back as `cursor`; anything
 * that is not a cursor this API returned (wrong shape, wrong length) is a 400,
 * never a SQL error. Pure.
 */
export function encodeCursor(keys: string[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(text: string, length: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (
    Array.isArray(value) &&
    value.length === length &&
    value.every((key) => typeof key === 'string' && key.length <= 256)
  ) {
    return value as string[];
  }
  throw validationFailed([{ field: 'cursor', reason: 'not a cursor this API returned' }]);
}

/** A page of results and the cursor of the next page (null on the last page). */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Cuts a `limit + 1` query result into a page; `keys` gives the cursor of a row. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  keys: (row: R) => string[],
  view: (row: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return {
    data: shown.map(view),
    nextCursor: more && last !== undefined ? encodeCursor(keys(last)) : null,
  };
}
