import type { DeliveryTask, EndpointView } from '@herald/contracts';
import { anEndpointView } from '@herald/testing';
import type { AttemptResult } from './http/attempt-result.js';

/** Builders for unit tests of delivery decisions. */
export const aTask = (overrides: Partial<DeliveryTask> = {}): DeliveryTask => ({
  messageId: 'msg_1',
  tenantId: 'ten_1',
  endpointId: 'ep_1',
  eventType: 'message_created',
  channel: null,
  payload: '{"a":1}',
  createdAt: '2026-11-22T10:00:00.000Z',
  attempt: 1,
  notBefore: null,
  replayId: null,
  ...overrides,
});

export const anEndpoint = (overrides: Partial<EndpointView> = {}): EndpointView =>
  anEndpointView({
    id: 'ep_1',
    tenantId: 'ten_1',
    url: 'https://hooks.example.com/x',
    secrets: [`whsec_${Buffer.from('s'.repeat(32)).toString('base64')}`],
    updatedAt: '2026-11-22T09:00:00.000Z',
    ...overrides,
  });

export const aResult = (overrides: Partial<AttemptResult> = {}): AttemptResult => ({
  outcome: 'failure',
  reason: 'http_status',
  statusCode: 500,
  error: 'HTTP 500',
  startedAt: Date.parse('2026-11-22T10:00:01.000Z'),
  latencyMs: 42,
  responseBody: 'oops',
  url: 'https://hooks.example.com/x',
  retryAfterMs: null,
  ...overrides,
});
