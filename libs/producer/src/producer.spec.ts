import { describe, expect, it } from '@jest/globals';
import { ingestHeaders, ingestSubject, InvalidEventError } from './producer.js';

describe('ingestSubject', () => {
  it('builds <namespace>.ingest.<tenant>.<type>, dots allowed in the type', () => {
    expect(ingestSubject('herald', 'ten_1', 'order.paid')).toBe('herald.ingest.ten_1.order.paid');
  });

  it('refuses names that would change the subject', () => {
    for (const [ns, tenant, type] of [
      ['herald', 'a.b', 'x'],
      ['herald', '*', 'x'],
      ['herald', 't', 'order.*'],
      ['herald', 't', 'a b'],
      ['herald', 't', '>'],
      ['herald', 't', 'a..b'],
      ['her ald', 't', 'x'],
    ] as const) {
      expect(() => ingestSubject(ns, tenant, type)).toThrow(InvalidEventError);
    }
  });
});

describe('ingestHeaders', () => {
  it('names the idempotency key, channel and version as ingest reads them', () => {
    expect(
      ingestHeaders({ tenantId: 't', type: 'x', payload: {}, channel: 'web', version: 2 }, 'k'),
    ).toEqual({
      'Herald-Idempotency-Key': 'k',
      'Herald-Channel': 'web',
      'Herald-Event-Version': '2',
    });
    expect(ingestHeaders({ tenantId: 't', type: 'x', payload: {} }, 'k')).toEqual({
      'Herald-Idempotency-Key': 'k',
    });
  });

  it('refuses a version that is not a positive integer', () => {
    for (const version of [0, -1, 1.5]) {
      expect(() => ingestHeaders({ tenantId: 't', type: 'x', payload: {}, version }, 'k')).toThrow(
        InvalidEventError,
      );
    }
  });
});
