import { describe, expect, it } from '@jest/globals';
import type { AttemptEntity } from './attempt.entity.js';
import { toAttemptView } from './attempt-view.js';

/** The fields the view shows as they are stored. */
const shown = {
  attemptId: 'att_1',
  endpointId: 'ep_1',
  messageId: 'msg_1',
  eventType: 'invoice.paid',
  attempt: 2,
  outcome: 'failure',
  reason: 'timeout',
  statusCode: null,
  error: 'timed out after 15000 ms',
  latencyMs: 15000.5,
  responseBody: null,
  final: false,
} as const;

const row: AttemptEntity = {
  ...shown,
  tenantId: 'ten_1',
  url: 'https://example.com/hook',
  nextAttemptAt: new Date('2026-11-22T10:05:00Z'),
  at: new Date('2026-11-22T10:00:00Z'),
  recordedAt: new Date('2026-11-22T10:00:16Z'),
};

describe('toAttemptView', () => {
  it('exposes the attempt fields with ISO timestamps and hides tenant, url and bookkeeping', () => {
    expect(toAttemptView(row)).toEqual({
      ...shown,
      nextAttemptAt: '2026-11-22T10:05:00.000Z',
      at: '2026-11-22T10:00:00.000Z',
    });
  });

  it('keeps a missing next attempt as null', () => {
    expect(toAttemptView({ ...row, nextAttemptAt: null }).nextAttemptAt).toBeNull();
  });
});
