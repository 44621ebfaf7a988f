import { describe, expect, it } from '@jest/globals';
import { endpointViewSchema } from '@herald/contracts';
import type { EndpointEntity } from '../entities/endpoint.entity.js';
import { endpointView } from './views.js';

const now = new Date('2026-11-22T12:00:00Z');
const row: EndpointEntity = {
  id: '6f1d7a7e-0f7c-4c59-9d7e-1b1f0b3c9a11',
  tenantId: '0c8a2c1e-2a8b-4f0e-8d1c-5a9b7e6f4d21',
  url: 'https://example.com/hook',
  description: 'not in the view',
  eventTypes: ['*'],
  channels: [],
  enabled: true,
  secret: 'whsec_abc',
  headers: { 'X-A': '1' },
  payloadFilter: null,
  metadata: {},
  timeoutMs: null,
  concurrency: null,
  rateLimitPerSecond: null,
  retryScheduleMs: null,
  disabledReason: null,
  disabledAt: null,
  previousSecret: null,
  previousSecretExpiresAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
};

describe('endpointView', () => {
  it('is a valid EndpointView carrying the secret and no REST-only fields', () => {
    const view = endpointView(row, now);
    expect(endpointViewSchema.parse(view)).toEqual(view);
    expect(view.secrets).toEqual(['whsec_abc']);
    expect(view.previousSecret).toBeNull();
    expect(view.updatedAt).toBe('2026-01-02T00:00:00.000Z');
    expect(view).not.toHaveProperty('description');
  });

  it('carries the delivery settings and the disable bookkeeping', () => {
    const view = endpointView(
      {
        ...row,
        enabled: false,
        concurrency: 4,
        rateLimitPerSecond: 0.5,
        retryScheduleMs: [5_000, 600_000],
        disabledReason: 'endpoint_gone',
        disabledAt: new Date('2026-11-22T11:00:00Z'),
      },
      now,
    );
    expect(endpointViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({
      enabled: false,
      concurrency: 4,
      rateLimitPerSecond: 0.5,
      retryScheduleMs: [5_000, 600_000],
      disabledReason: 'endpoint_gone',
      disabledAt: '2026-11-22T11:00:00.000Z',
    });
  });

  it('keeps the current secret alone in secrets, and the previous one only until it expires', () => {
    const rotated = {
      ...row,
      secret: 'whsec_new',
      previousSecret: 'whsec_old',
      previousSecretExpiresAt: new Date('2026-11-22T12:00:01Z'),
    };
    const during = endpointView(rotated, now);
    expect(endpointViewSchema.parse(during)).toEqual(during);
    expect(during.secrets).toEqual(['whsec_new']);
    expect(during.previousSecret).toEqual({
      secret: 'whsec_old',
      expiresAt: '2026-11-22T12:00:01.000Z',
    });
    expect(endpointView(rotated, new Date('2026-11-22T12:00:01Z')).previousSecret).toBeNull();
  });
});
