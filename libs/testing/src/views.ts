import { randomBytes, randomUUID } from 'node:crypto';
import type { EndpointView } from '@herald/contracts';

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
