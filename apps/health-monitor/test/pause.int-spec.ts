import { describe, expect, it } from '@jest/globals';
import { endpointStateSchema, REGISTRY_KEYS } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { alertIdFor } from '../src/alerts/alert-id.js';
import { outcomeFor, type SeededTenant } from './fixtures.js';
import { harnessForSuite } from './harness.js';

/**
 * The pause policy end to end on real NATS and Postgres, with small settings:
 * more than 5 failures within 10 s pause an endpoint for 2 s.
 */
describe('health-monitor pause policy (real NATS + Postgres)', () => {
  const h = harnessForSuite({
    HERALD_PAUSE_THRESHOLD: '5',
    HERALD_PAUSE_WINDOW: '10s',
    HERALD_PAUSE_DURATION: '2s',
  });

  const fail = async (tenant: SeededTenant, n: number, at = () => new Date().toISOString()) => {
    for (let i = 0; i < n; i++) {
      await h.deliver(
        outcomeFor(tenant, {
          outcome: 'failure',
          reason: 'http_status',
          statusCode: 500,
          final: false,
          at: at(),
        }),
      );
    }
  };
  const stateOf = async (endpointId: string) => {
    const entry = await (await h.stateBucket()).get(REGISTRY_KEYS.endpoint(endpointId));
    return entry?.operation === 'PUT'
      ? { revision: entry.revision, state: endpointStateSchema.parse(entry.json()) }
      : null;
  };
  const pausedAlertsOf = async (endpointId: string) =>
    (await h.alerts()).filter(
      (a) => a.signal.kind === 'endpoint.paused' && a.signal.endpointId === endpointId,
    );

  it('pauses after threshold + 1 failures, alerts once, ignores failures while paused, and ends the pause at until', async () => {
    const acme = await h.tenant();
    await fail(acme, 5);
    expect(await stateOf(acme.endpointId)).toBeNull();
    expect(await pausedAlertsOf(acme.endpointId)).toEqual([]);

    const before = Date.now();
    await fail(acme, 1);
    // Acked means durable: the pause and its alert are already stored.
    const paused = await stateOf(acme.endpointId);
    const until = Date.parse(paused?.state.until ?? '');
    expect(paused?.state).toEqual({
      endpointId: acme.endpointId,
      tenantId: acme.id,
      state: 'paused',
      until: expect.any(String),
      reason: 'more than 5 failures in 10s',
      at: expect.any(String),
    });
    expect(until - Date.parse(paused?.state.at ?? '')).toBe(2_000);
    expect(until).toBeGreaterThanOrEqual(before + 2_000);

    const alertId = alertIdFor('endpoint.paused', acme.endpointId, paused?.state.until ?? '');
    expect(await pausedAlertsOf(acme.endpointId)).toEqual([
      {
        msgId: alertId,
        signal: {
          kind: 'endpoint.paused',
          alertId,
          tenantId: acme.id,
          endpointId: acme.endpointId,
          endpointUrl: 'https://example.com/hook',
          failures: 6,
          windowMs: 10_000,
          until: paused?.state.until,
          occurredAt: paused?.state.at,
        },
      },
    ]);

    // Failures that land while the pause lasts never pause it again.
    await fail(acme, 6);
    expect(Date.now()).toBeLessThan(until);
    expect((await stateOf(acme.endpointId))?.revision).toBe(paused?.revision);
    expect(await pausedAlertsOf(acme.endpointId)).toHaveLength(1);

    await pollUntil(async () => (await stateOf(acme.endpointId)) === null, {
      what: 'the pause key to be deleted',
      timeoutMs: 10_000,
    });
    expect(Date.now()).toBeGreaterThanOrEqual(until);
  });

  it('does not count failures that happened before the window', async () => {
    const globex = await h.tenant();
    await fail(globex, 10, () => new Date(Date.now() - 11_000).toISOString());
    expect(await stateOf(globex.endpointId)).toBeNull();
    expect(await pausedAlertsOf(globex.endpointId)).toEqual([]);
  });

  it('rebuilds the window from the attempt log after a restart', async () => {
    const initech = await h.tenant();
    await fail(initech, 3);
    await h.restart();
    await h.tenant(); // waits until the new app's read model is loaded
    await fail(initech, 2);
    expect(await stateOf(initech.endpointId)).toBeNull();
    await fail(initech, 1);
    expect((await stateOf(initech.endpointId))?.state.reason).toBe('more than 5 failures in 10s');
    expect(await pausedAlertsOf(initech.endpointId)).toHaveLength(1);
  });
});
