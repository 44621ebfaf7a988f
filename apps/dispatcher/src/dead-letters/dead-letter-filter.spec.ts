import { describe, expect, it } from '@jest/globals';
import {
  filterConditions,
  listQuerySchema,
  replayBodySchema,
  selectionConditions,
} from './dead-letter-filter.js';
import { SqlConditions } from './sql-conditions.js';

describe('filterConditions', () => {
  it('always scopes by tenant, and adds only the filters given, as placeholders', () => {
    const only = filterConditions('ten_1', {});
    expect(only.where).toBe('tenant_id = $1');
    expect(only.params).toEqual(['ten_1']);

    const all = filterConditions('ten_1', {
      endpointId: 'ep_1',
      eventType: "user.created' OR 1=1 --",
      statusCode: 500,
      since: '2026-11-01T00:00:00Z',
      until: '2026-11-02T00:00:00Z',
    });
    expect(all.where).toBe(
      'tenant_id = $1 AND endpoint_id = $2 AND event_type = $3 AND last_status_code = $4' +
        ' AND dead_at >= $5::timestamptz AND dead_at < $6::timestamptz',
    );
    expect(all.params).toEqual([
      'ten_1',
      'ep_1',
      "user.created' OR 1=1 --",
      500,
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
    ]);
  });
});

describe('selectionConditions', () => {
  it('takes only dead letters older than the job and not replayed yet', () => {
    const sql = selectionConditions(
      'ten_1',
      { statusCode: 503, includeReplayed: false },
      '2026-11-20T10:00:00.000Z',
    );
    expect(sql.where).toBe(
      'tenant_id = $1 AND last_status_code = $2 AND dead_at <= $3::timestamptz AND replayed_at IS NULL',
    );
    expect(sql.params).toEqual(['ten_1', 503, '2026-11-20T10:00:00.000Z']);
  });

  it('takes replayed ones too when asked', () => {
    const sql = selectionConditions('ten_1', { includeReplayed: true }, '2026-11-20T10:00:00Z');
    expect(sql.where).not.toContain('replayed_at');
  });
});

describe('SqlConditions', () => {
  it('numbers bound values after the clause values', () => {
    const sql = new SqlConditions().add('a = ? AND b = ?', 1, 2);
    expect(sql.bind(50)).toBe('$3');
    expect(sql.where).toBe('a = $1 AND b = $2');
    expect(sql.params).toEqual([1, 2, 50]);
  });

  it('refuses a clause whose placeholders and values disagree', () => {
    expect(() => new SqlConditions().add('a = ?')).toThrow('1 placeholders for 0 values');
  });

  it('is TRUE when empty', () => {
    expect(new SqlConditions().where).toBe('TRUE');
  });
});

describe('input schemas', () => {
  it('coerces query strings and defaults the page size', () => {
    expect(listQuerySchema.parse({ statusCode: '503', limit: '10' })).toEqual({
      statusCode: 503,
      limit: 10,
    });
    expect(listQuerySchema.parse({}).limit).toBe(50);
  });

  it('bounds the page size, and refuses unknown fields and an inverted range', () => {
    expect(listQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(listQuerySchema.safeParse({ tenantId: 'x' }).success).toBe(false);
    expect(
      listQuerySchema.safeParse({ since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' })
        .success,
    ).toBe(false);
  });

  it('replays for real unless dryRun is set, and only fresh dead letters by default', () => {
    expect(replayBodySchema.parse({})).toEqual({ dryRun: false, includeReplayed: false });
    expect(replayBodySchema.safeParse({ since: 'yesterday' }).success).toBe(false);
  });
});
