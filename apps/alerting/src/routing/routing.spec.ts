import { describe, expect, it } from '@jest/globals';
import { aSignal } from '../unit-fixtures.js';
import type { Destination } from '../destinations/destination.js';
import { route } from './routing.js';

const destination = (id: string, fields: Partial<Destination>): Destination => ({
  id,
  scope: 'tenant',
  tenantId: 'ten_1',
  url: `https://example.com/${id}`,
  token: `whsec_${id}`,
  enabled: true,
  kinds: null,
  description: null,
  managedBy: 'api',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  tokenRotatedAt: '2026-11-22T10:00:00.000Z',
  ...fields,
});

const all = [
  destination('mine', {}),
  destination('mine-paused-only', { kinds: ['endpoint.paused'] }),
  destination('mine-off', { enabled: false }),
  destination('theirs', { tenantId: 'ten_2' }),
  destination('ops', { scope: 'operator', tenantId: null }),
];

describe('route', () => {
  it("sends to the tenant's enabled destinations that want the kind, and to the operators", () => {
    expect(route(aSignal('delivery.exhausted'), all).map((d) => d.id)).toEqual(['mine', 'ops']);
    expect(route(aSignal('endpoint.paused'), all).map((d) => d.id)).toEqual([
      'mine',
      'mine-paused-only',
      'ops',
    ]);
  });

  it("never sends to another tenant's destination", () => {
    const other = { ...aSignal('delivery.failing'), tenantId: 'ten_2' };
    expect(route(other, all).map((d) => d.id)).toEqual(['theirs', 'ops']);
  });

  it('sends a test alert only to the destination it names, if enabled', () => {
    expect(route({ ...aSignal('test'), destinationId: 'mine' }, all).map((d) => d.id)).toEqual([
      'mine',
    ]);
    expect(route({ ...aSignal('test'), destinationId: 'mine-off' }, all)).toEqual([]);
  });
});
