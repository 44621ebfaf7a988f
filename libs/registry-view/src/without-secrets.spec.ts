import { describe, expect, it } from '@jest/globals';
import type { EndpointView } from '@herald/contracts';
import { withoutSecrets } from './registry-view.js';

describe('withoutSecrets (the read model of ingest and the health-monitor)', () => {
  it('keeps no signing secret and no header value, only header names', () => {
    const endpoint: EndpointView = {
      id: 'e1',
      tenantId: 't1',
      url: 'https://example.com/hooks',
      eventTypes: ['*'],
      channels: [],
      enabled: true,
      secrets: ['enc:v1:k1:c2VjcmV0'],
      previousSecret: { secret: 'enc:v1:k1:b2xk', expiresAt: '2026-12-01T00:00:00.000Z' },
      headers: { Authorization: 'enc:v1:k1:dG9rZW4=' },
      payloadFilter: null,
      timeoutMs: null,
      concurrency: null,
      rateLimitPerSecond: null,
      retryScheduleMs: null,
      disabledReason: null,
      disabledAt: null,
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    const stripped = withoutSecrets(endpoint);
    expect(stripped).toEqual({
      ...endpoint,
      secrets: [],
      previousSecret: null,
      headers: { Authorization: '' },
    });
    expect(JSON.stringify(stripped)).not.toContain('enc:v1');
  });
});
