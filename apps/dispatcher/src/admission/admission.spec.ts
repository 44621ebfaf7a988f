import { describe, expect, it } from '@jest/globals';
import type { EndpointView } from '@herald/contracts';
import { admit, type AdmissionPolicy } from './admission.js';
import { aTask, anEndpoint } from '../unit-fixtures.js';

const policy: AdmissionPolicy = {
  unknownEndpointGraceMs: 10_000,
  disabledHoldMs: 3_600_000,
};
const created = Date.parse('2026-11-22T10:00:00.000Z');
const facts = (
  endpoint: EndpointView | undefined,
  nowMs = created,
  pausedUntil: number | null = null,
  firstSeenMs = created,
) => ({
  endpoint,
  nowMs,
  pausedUntil,
  firstSeenMs,
});

describe('admit', () => {
  it('sends a due task to an enabled endpoint of the same tenant', () => {
    const endpoint = anEndpoint();
    expect(admit(aTask(), facts(endpoint, created + 1), policy)).toEqual({
      action: 'send',
      endpoint,
    });
  });

  it('waits for an unknown endpoint during the grace period, then makes the task a dead letter', () => {
    expect(admit(aTask(), facts(undefined, created + 9_000), policy)).toEqual({
      action: 'defer',
      reason: 'endpoint_unknown',
      delayMs: 1_000,
    });
    expect(admit(aTask(), facts(undefined, created + 10_000), policy)).toEqual({
      action: 'dead',
      reason: 'endpoint_unknown',
    });
  });

  it('counts the grace from when the task was first seen, not from the message’s creation', () => {
    const dayLater = created + 86_400_000;
    // A retry or resend of a day-old message, first seen now: it gets the whole grace.
    expect(admit(aTask(), facts(undefined, dayLater, null, dayLater), policy)).toEqual({
      action: 'defer',
      reason: 'endpoint_unknown',
      delayMs: 1_000,
    });
    expect(admit(aTask(), facts(undefined, dayLater + 10_000, null, dayLater), policy)).toEqual({
      action: 'dead',
      reason: 'endpoint_unknown',
    });
  });

  it('never sends to an endpoint of another tenant', () => {
    expect(admit(aTask(), facts(anEndpoint({ tenantId: 'other' })), policy)).toEqual({
      action: 'drop',
      reason: 'tenant_mismatch',
    });
  });

  it('holds tasks of a disabled endpoint without dropping them', () => {
    expect(admit(aTask(), facts(anEndpoint({ enabled: false })), policy)).toEqual({
      action: 'defer',
      reason: 'endpoint_disabled',
      delayMs: policy.disabledHoldMs,
      untilMs: created + policy.disabledHoldMs,
    });
  });

  it('turns a held task into a dead letter once held for the whole hold period', () => {
    const disabledAt = '2026-11-22T10:30:00.000Z';
    const endpoint = anEndpoint({ enabled: false, disabledAt });
    const holdEnds = Date.parse(disabledAt) + policy.disabledHoldMs;
    expect(admit(aTask(), facts(endpoint, holdEnds - 1), policy).action).toBe('defer');
    expect(admit(aTask(), facts(endpoint, holdEnds), policy)).toEqual({
      action: 'dead',
      reason: 'hold_expired',
    });
  });

  it('counts the hold of a message accepted after the disable from its acceptance', () => {
    const endpoint = anEndpoint({ enabled: false, disabledAt: '2026-11-22T09:00:00.000Z' });
    expect(
      admit(aTask(), facts(endpoint, created + policy.disabledHoldMs - 1), policy).action,
    ).toBe('defer');
  });

  it('defers a paused endpoint’s task exactly until the pause ends', () => {
    const until = created + 42_000;
    expect(admit(aTask(), facts(anEndpoint(), created, until), policy)).toEqual({
      action: 'defer',
      reason: 'endpoint_paused',
      delayMs: 42_000,
      untilMs: until,
    });
    expect(admit(aTask(), facts(anEndpoint(), until, until), policy).action).toBe('send');
  });

  it('defers a retry until its notBefore, and sends it once due', () => {
    const task = aTask({ attempt: 2, notBefore: '2026-11-22T10:05:00.000Z' });
    expect(admit(task, facts(anEndpoint()), policy)).toEqual({
      action: 'defer',
      reason: 'not_before',
      delayMs: 300_000,
      untilMs: created + 300_000,
    });
    expect(admit(task, facts(anEndpoint(), created + 300_000), policy).action).toBe('send');
  });
});
