import { randomBytes, randomUUID } from 'node:crypto';
import type { AttemptOutcome, EndpointView } from '@herald/contracts';

/** A fresh signing secret in the registry's format. */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

/**
 * An endpoint as the registry publishes it to the read model: enabled, every
 * event type, one fresh secret, no custom settings — whatever `fields` says
 * otherwise.
 */
export function anEndpointView(fields: Partial<EndpointView> = {}): EndpointView {
  return {
    id: randomUUID(),
    tenantId: randomUUID(),
    url: 'https://example.com/hook',
    eventTypes: ['*'],
    channels: [],
    enabled: true,
    secrets: [newSecret()],
    headers: {},
    timeoutMs: null,
    previousSecret: null,
    concurrency: null,
    rateLimitPerSecond: null,
    retryScheduleMs: null,
    disabledReason: null,
    disabledAt: null,
    updatedAt: new Date().toISOString(),
    ...fields,
  };
}

/** A successful, final first attempt as the dispatcher publishes it — whatever `fields` says otherwise. */
export function anAttemptOutcome(fields: Partial<AttemptOutcome> = {}): AttemptOutcome {
  return {
    attemptId: `att_${randomUUID()}`,
    messageId: `msg_${randomUUID()}`,
    tenantId: randomUUID(),
    endpointId: randomUUID(),
    eventType: 'invoice.paid',
    attempt: 1,
    outcome: 'success',
    reason: 'delivered',
    statusCode: 200,
    error: null,
    latencyMs: 42.5,
    responseBody: 'ok',
    url: 'https://example.com/hook',
    final: true,
    nextAttemptAt: null,
    at: new Date().toISOString(),
    replayId: null,
    retryAfterMs: null,
    ...fields,
  };
}
