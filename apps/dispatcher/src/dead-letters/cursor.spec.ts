import { describe, expect, it } from '@jest/globals';
import { ApiError } from '@herald/http-api';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('dead-letter cursor', () => {
  const position = {
    deadAt: '2026-11-20T10:00:00.123456Z',
    id: '0b6c3f52-1a4e-4b7e-9d3c-2f1e5a6b7c8d',
  };

  it('round-trips a position, microseconds included', () => {
    const text = encodeCursor(position);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'zzz'],
    ['a JSON object', Buffer.from('{"deadAt":"x"}').toString('base64url')],
    ['an id that is no uuid', encodeCursor({ deadAt: position.deadAt, id: "1' OR '1'='1" })],
    ['a time that is no instant', encodeCursor({ deadAt: 'yesterday', id: position.id })],
  ])('rejects %s with a 400 naming the cursor', (_, text) => {
    let error: unknown;
    try {
      decodeCursor(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, details: [{ field: 'cursor' }] });
  });
});
