import { validationFailed } from './api-error.js';
import { controlCharacterAt } from './text-rules.js';

/**
 * Opaque cursors for keyset pagination, the one codec every list route
 * uses: base64url of a JSON array of the last row's sort keys. Clients pass
 * `nextCursor` back as `cursor`. Each key is checked against its kind before
 * it reaches SQL, so a forged cursor (wrong shape, an impossible instant, a
 * non-UUID where the column is a UUID, control characters) is a 400, never a
 * cast error. Pure.
 */
export type CursorKey =
  /** A Postgres timestamp as UTC ISO-8601 text with up to 6 fraction digits. */
  | 'instant'
  | 'uuid'
  /** Any id text: 1 to 256 characters, no control characters. */
  | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Whether `text` is a UTC instant Postgres and JavaScript read the same way (no Feb 30). */
export function isInstant(text: string): boolean {
  const match = INSTANT.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

const KEY_CHECKS: Record<CursorKey, (key: string) => boolean> = {
  instant: isInstant,
  uuid: isUuid,
  text: (key) => key.length > 0 && key.length <= 256 && controlCharacterAt(key) < 0,
};

export function encodeCursor(keys: string[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The cursor's keys, each of the given kind; anything else is a 400 naming `cursor`. */
export function decodeCursor(text: string, kinds: readonly CursorKey[]): string[] {
  let value: unknown = null;
  if (text.length <= 2_048 && /^[A-Za-z0-9_-]*$/.test(text)) {
    try {
      value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      value = null;
    }
  }
  if (
    Array.isArray(value) &&
    value.length === kinds.length &&
    value.every((key, i) => typeof key === 'string' && KEY_CHECKS[kinds[i]!](key))
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

/** The same page with each row shown by `view`. */
export const mapPage = <R, T>(page: Page<R>, view: (row: R) => T): Page<T> => ({
  data: page.data.map(view),
  nextCursor: page.nextCursor,
});

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
