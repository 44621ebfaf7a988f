import { describe, expect, it } from '@jest/globals';
import { encodeCursor } from '@herald/http-api';
import { attemptFiltersSchema, attemptListSql } from './attempt-query.js';

describe('attemptListSql', () => {
  it('always scopes by tenant and asks for one row more than the limit', () => {
    const { sql, params } = attemptListSql('t1', attemptFiltersSchema.parse({}));
    expect(sql.replace(/\s+/g, ' ')).toContain(
      'WHERE tenant_id = $1 ORDER BY at DESC, attempt_id DESC LIMIT $2',
    );
    expect(params).toEqual(['t1', 51]);
  });

  it('adds each filter as a parameter, and the cursor as a keyset bound', () => {
    const filters = attemptFiltersSchema.parse({
      endpointId: 'e1',
      outcome: 'failure',
      since: '2026-01-01T00:00:00Z',
      cursor: encodeCursor(['2026-01-02T00:00:00.000001Z', 'a:1']),
      limit: '10',
    });
    const { sql, params } = attemptListSql('t1', filters);
    expect(sql).toContain('endpoint_id = $2 AND outcome = $3 AND at >= $4');
    expect(sql).toContain('(at, attempt_id) < ($5::timestamptz, $6)');
    expect(params).toEqual([
      't1',
      'e1',
      'failure',
      new Date('2026-01-01T00:00:00Z'),
      '2026-01-02T00:00:00.000001Z',
      'a:1',
      11,
    ]);
  });

  it('refuses unknown outcomes and fields', () => {
    expect(attemptFiltersSchema.safeParse({ outcome: 'maybe' }).success).toBe(false);
    expect(attemptFiltersSchema.safeParse({ sort: 'asc' }).success).toBe(false);
  });
});
