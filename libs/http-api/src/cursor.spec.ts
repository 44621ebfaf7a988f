import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-error.js';
import { decodeCursor, encodeCursor, mapPage, toPage } from './cursor.js';

describe('cursors', () => {
  it('round-trips the sort keys', () => {
    expect(
      decodeCursor(encodeCursor(['2026-01-01T00:00:00.123456Z', 'id-1']), ['instant', 'text']),
    ).toEqual(['2026-01-01T00:00:00.123456Z', 'id-1']);
  });

  it('refuses anything else with a 400 naming the cursor', () => {
    for (const bad of [
      '',
      'not base64!',
      encodeCursor(['one']),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('{"deadAt":"x"}').toString('base64url'),
      encodeCursor(['yesterday', '0b6c3f52-1a4e-4b7e-9d3c-2f1e5a6b7c8d']),
      encodeCursor(['2026-02-30T00:00:00Z', '0b6c3f52-1a4e-4b7e-9d3c-2f1e5a6b7c8d']),
      encodeCursor(['2026-01-01T00:00:00Z', "1' OR '1'='1"]),
      encodeCursor(['2026-01-01T00:00:00Z', 'id\u0000']),
      'A'.repeat(5_000),
    ]) {
      let error: unknown;
      try {
        decodeCursor(bad, ['instant', 'uuid']);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 400, details: [{ field: 'cursor' }] });
    }
  });

  it('accepts the instants Postgres and JavaScript print', () => {
    const id = '0b6c3f52-1a4e-4b7e-9d3c-2f1e5a6b7c8d';
    for (const instant of ['2026-11-20T10:00:00.123456Z', new Date(0).toISOString()]) {
      expect(decodeCursor(encodeCursor([instant, id]), ['instant', 'uuid'])).toEqual([instant, id]);
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
    expect(decodeCursor(page.nextCursor!, ['text'])).toEqual(['2']);
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

describe('mapPage', () => {
  it('shows each row through the view and keeps the cursor', () => {
    expect(mapPage({ data: [1, 2], nextCursor: 'c' }, (n) => `#${n}`)).toEqual({
      data: ['#1', '#2'],
      nextCursor: 'c',
    });
  });
});
