import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { loadConfig } from '@herald/config';
import { enforceQuota, QuotaExceededError, type Queryable } from './quotas.js';
import { parseRate, rateVar } from './rate-spec.js';

describe('parseRate', () => {
  it('reads <count>/<duration> and off', () => {
    expect(parseRate('600/1m')).toEqual({ points: 600, durationMs: 60_000 });
    expect(parseRate(' 5/1s ')).toEqual({ points: 5, durationMs: 1_000 });
    expect(parseRate('off')).toBeNull();
  });

  it.each(['600', '0/1m', '10/500ms', '10/1500ms', '10/', 'x/1m', '-1/1m', '10/soon'])(
    'refuses %j',
    (text) => {
      expect(() => parseRate(text)).toThrow();
    },
  );

  it('fails start-up naming the variable', () => {
    const schema = z.object({ HERALD_RATE_LIMIT_API: rateVar('1200/1m') });
    expect(loadConfig(schema, {}).HERALD_RATE_LIMIT_API).toEqual({
      points: 1200,
      durationMs: 60_000,
    });
    expect(() => loadConfig(schema, { HERALD_RATE_LIMIT_API: '10/500ms' })).toThrow(
      /HERALD_RATE_LIMIT_API: the duration must be whole seconds/,
    );
  });
});

describe('enforceQuota', () => {
  const locks: unknown[][] = [];
  const manager: Queryable = {
    query: <T>(_sql: string, parameters?: unknown[]) => {
      locks.push(parameters ?? []);
      return Promise.resolve([] as T);
    },
  };

  it('locks per tenant and resource, then refuses what would exceed the limit', async () => {
    await enforceQuota(manager, 't1', 'endpoints', 3, () => Promise.resolve(2));
    expect(locks.at(-1)).toEqual(['herald.quota.endpoints.t1']);
    const refused = enforceQuota(manager, 't1', 'endpoints', 3, () => Promise.resolve(3));
    await expect(refused).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'quota_exceeded' });
    await expect(
      enforceQuota(manager, 't1', 'eventTypes', 3, () => Promise.resolve(2), 2),
    ).rejects.toThrow(/HERALD_QUOTA_EVENT_TYPES/);
  });
});
