import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-error.js';
import { decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('cursors', () => {
  it('round-trips the sort keys', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.123456Z', 'id-1']), 2)).toEqual([
      '2026-01-01T00:00:00.123456Z',
      'id-1',
    ]);
  });

  it('refuses anything else with a 400 naming the cursor', () => {
    for (const bad of [
      '',
      'not base64!',
      encodeCursor(['one']),
      Buffer.from('[1,2]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, 2)).toThrow(ApiError);
    }
  });

  it('pages a limit + 1 result, with a cursor only when more rows exist', () => {
    const rows = [1, 2, 3];
    const page = toPage(
      rows,
      2,
      (n) => [String(n)],
      (n) => n * 10,
    );
    expect(page.data).toEqual([10, 20]);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual(['2']);
    expect(
      toPage(
        rows,
        3,
        (n) => [String(n)],
        (n) => n,
      ),
    ).toEqual({ data: rows, nextCursor: null });
  });
});
