import { describe, expect, it } from '@jest/globals';
import { admit, type AdmissionPolicy } from './admission.js';
import { aTask, anEndpoint } from './fixtures.js';

const policy: AdmissionPolicy = { disabledRecheckMs: 30_000, unknownEndpointGraceMs: 10_000 };
const created = Date.parse('2026-11-22T10:00:00.000Z');

describe('admit', () => {
  it('sends a due task to an enabled endpoint of the same tenant', () => {
    const endpoint = anEndpoint();
    expect(admit(aTask(), endpoint, created + 1, policy)).toEqual({ action: 'send', endpoint });
  });

  it('waits for an unknown endpoint during the grace period, then drops the task', () => {
    expect(admit(aTask(), undefined, created + 9_000, policy)).toEqual({
      action: 'defer',
      reason: 'endpoint_unknown',
      delayMs: 1_000,
    });
    expect(admit(aTask(), undefined, created + 10_000, policy)).toEqual({
      action: 'drop',
      reason: 'endpoint_deleted',
    });
  });

  it('never sends to an endpoint of another tenant', () => {
    expect(admit(aTask(), anEndpoint({ tenantId: 'other' }), created, policy)).toEqual({
      action: 'drop',
      reason: 'tenant_mismatch',
    });
  });

  it('holds tasks of a disabled endpoint without dropping them', () => {
    expect(admit(aTask(), anEndpoint({ enabled: false }), created, policy)).toEqual({
      action: 'defer',
      reason: 'endpoint_disabled',
      delayMs: 30_000,
    });
  });

  it('defers a retry until its notBefore, and sends it once due', () => {
    const task = aTask({ attempt: 2, notBefore: '2026-11-22T10:05:00.000Z' });
    expect(admit(task, anEndpoint(), created, policy)).toEqual({
      action: 'defer',
      reason: 'not_before',
      delayMs: 300_000,
    });
    expect(admit(task, anEndpoint(), created + 300_000, policy).action).toBe('send');
  });
});
