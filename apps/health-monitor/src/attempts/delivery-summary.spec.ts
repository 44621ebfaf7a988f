import { describe, expect, it } from '@jest/globals';
import type { AttemptEntity } from './attempt.entity.js';
import { deliveryStatuses } from './delivery-summary.js';

const attempt = (overrides: Partial<AttemptEntity>): AttemptEntity => ({
  attemptId: 'a',
  tenantId: 't',
  endpointId: 'e1',
  messageId: 'm',
  eventType: 'x',
  attempt: 1,
  outcome: 'failure',
  reason: 'http_status',
  statusCode: 500,
  error: 'HTTP 500',
  latencyMs: 3,
  responseBody: null,
  url: 'https://x',
  final: false,
  nextAttemptAt: new Date('2026-01-01T00:05:00Z'),
  at: new Date('2026-01-01T00:00:00Z'),
  recordedAt: new Date(),
  ...overrides,
});

describe('deliveryStatuses', () => {
  it('takes each endpoint’s latest attempt', () => {
    const statuses = deliveryStatuses([
      attempt({ endpointId: 'e1' }),
      attempt({
        endpointId: 'e1',
        attempt: 2,
        outcome: 'success',
        statusCode: 200,
        at: new Date('2026-01-01T00:05:01Z'),
      }),
      attempt({ endpointId: 'e2' }),
      attempt({ endpointId: 'e3', final: true, nextAttemptAt: null }),
    ]);
    expect(statuses).toEqual([
      {
        endpointId: 'e1',
        status: 'delivered',
        attempts: 2,
        lastAttemptAt: '2026-01-01T00:05:01.000Z',
        lastStatusCode: 200,
        nextAttemptAt: null,
      },
      expect.objectContaining({
        endpointId: 'e2',
        status: 'retrying',
        nextAttemptAt: '2026-01-01T00:05:00.000Z',
      }),
      expect.objectContaining({ endpointId: 'e3', status: 'failed', nextAttemptAt: null }),
    ]);
  });
});
