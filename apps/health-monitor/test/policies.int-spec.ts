import { describe, expect, it } from '@jest/globals';
import type { AlertSignal } from '@herald/contracts';
import { pollUntil } from '@herald/testing';
import { alertIdFor } from '../src/alerts/alert-id.js';
import { outcomeFor, setEndpointEnabled, type SeededTenant } from './fixtures.js';
import { harnessForSuite, startHarness } from './harness.js';

/**
 * The disable, failing and recovery policies end to end on real NATS and
 * Postgres, with a 100 s disable period: alerts and commands are read back
 * from their JetStream streams, as alerting and the registry would get them.
 */
describe('health-monitor policies (real NATS + Postgres)', () => {
  const h = harnessForSuite({ HERALD_DISABLE_AFTER: '100s', HERALD_FAILING_ATTEMPTS: '2' });
  const T0 = Date.now() - 300_000;
  const at = (seconds: number) => new Date(T0 + seconds * 1_000).toISOString();

  const alertsOf = async (tenant: SeededTenant) =>
    (await h.alerts())
      .map((a) => a.signal)
      .filter((s): s is AlertSignal & { endpointId: string } => 'endpointId' in s)
      .filter((s) => s.endpointId === tenant.endpointId);
  const fail = (tenant: SeededTenant, seconds: number, attempt = 1) =>
    h.deliver(
      outcomeFor(tenant, {
        outcome: 'failure',
        reason: 'http_status',
        statusCode: 503,
        error: 'HTTP 503',
        final: false,
        attempt,
        at: at(seconds),
      }),
    );

  it('raises delivery.failing when a delivery’s second attempt fails and more follow', async () => {
    const acme = await h.tenant();
    const first = outcomeFor(acme, { outcome: 'failure', reason: 'timeout', final: false });
    await h.deliver(first);
    expect(await alertsOf(acme)).toEqual([]);
    const second = outcomeFor(acme, {
      messageId: first.messageId,
      attemptId: `${first.messageId}:${acme.endpointId}:2`,
      attempt: 2,
      outcome: 'failure',
      reason: 'http_status',
      statusCode: 502,
      error: 'HTTP 502',
      final: false,
      nextAttemptAt: new Date(Date.now() + 300_000).toISOString(),
    });
    await h.deliver(second);
    await h.deliver(second, `${second.attemptId}:again`);
    const [failing, ...more] = await alertsOf(acme);
    expect(more).toEqual([]);
    expect(failing).toEqual({
      kind: 'delivery.failing',
      alertId: alertIdFor('delivery.failing', second.attemptId, acme.endpointId),
      tenantId: acme.id,
      endpointId: acme.endpointId,
      endpointUrl: 'https://example.com/hook',
      messageId: first.messageId,
      eventType: 'invoice.paid',
      attempts: 2,
      statusCode: 502,
      reason: 'http_status',
      error: 'HTTP 502',
      nextAttemptAt: second.nextAttemptAt,
      occurredAt: second.at,
    });
  });

  it('warns at 50, 75 and 90 %, disables through the registry, and resolves after re-enable', async () => {
    const acme = await h.tenant();
    for (const seconds of [0, 30, 49]) await fail(acme, seconds);
    expect(await alertsOf(acme)).toEqual([]);
    await fail(acme, 50);
    await fail(acme, 60);
    await fail(acme, 75);
    await fail(acme, 90);
    const warnings = (await alertsOf(acme)).filter((s) => s.kind === 'endpoint.disable_warning');
    expect(warnings).toEqual(
      [50, 75, 90].map((percent, i) => ({
        kind: 'endpoint.disable_warning',
        alertId: alertIdFor('endpoint.disable_warning', acme.endpointId, at(0), String(percent)),
        tenantId: acme.id,
        endpointId: acme.endpointId,
        endpointUrl: 'https://example.com/hook',
        percent,
        failingSince: at(0),
        disableAt: at(100),
        failures: [4, 6, 7][i],
        statusCode: 503,
        error: 'HTTP 503',
        occurredAt: at(percent),
      })),
    );
    expect(await h.commands()).toEqual([]);

    await fail(acme, 100);
    const [command, ...others] = await h.commands();
    expect(others).toEqual([]);
    expect(command).toEqual({
      commandId: `${acme.endpointId}:disable:${at(0)}`,
      endpointId: acme.endpointId,
      tenantId: acme.id,
      action: 'disable',
      reason: 'failing_persistently',
      statusCode: 503,
      at: at(100),
    });
    const disabled = (await alertsOf(acme)).filter((s) => s.kind === 'endpoint.disabled');
    expect(disabled).toEqual([
      {
        kind: 'endpoint.disabled',
        alertId: alertIdFor('endpoint.disabled', acme.endpointId, at(0)),
        tenantId: acme.id,
        endpointId: acme.endpointId,
        endpointUrl: 'https://example.com/hook',
        reason: 'failing_persistently',
        statusCode: 503,
        failingSince: at(0),
        occurredAt: at(100),
      },
    ]);

    // The registry disables it; a result still in flight starts no new streak.
    await setEndpointEnabled(h.nats, acme.endpointId, false);
    await pollUntil(
      async () =>
        (
          (await h.send('GET', `/v1/endpoints/${acme.endpointId}/health`, acme.apiKey)).body as {
            state: string;
          }
        ).state === 'disabled',
      { what: 'the health view to show the endpoint disabled' },
    );
    await fail(acme, 101);
    // Its owner enables it again, and the next attempt succeeds: the incident is resolved.
    await setEndpointEnabled(h.nats, acme.endpointId, true);
    await h.deliver(outcomeFor(acme, { at: new Date().toISOString() }));
    const recovered = (await alertsOf(acme)).filter((s) => s.kind === 'endpoint.recovered');
    expect(recovered).toEqual([
      expect.objectContaining({
        alertId: alertIdFor('endpoint.recovered', acme.endpointId, at(50)),
        resolves: ['endpoint.disable_warning', 'endpoint.disabled'],
        incidentSince: at(50),
      }),
    ]);
    expect(await h.commands()).toHaveLength(1);
  });

  it('remembers a failure streak across a restart', async () => {
    const acme = await h.tenant();
    await fail(acme, 0);
    await fail(acme, 20);
    await h.restart();
    await h.tenant();
    await fail(acme, 55);
    const kinds = (await alertsOf(acme)).map((s) => s.kind);
    expect(kinds).toEqual(['endpoint.disable_warning']);
  });

  it('resolves a pause with endpoint.recovered at the first success after it', async () => {
    const paused = await startHarness({
      HERALD_PAUSE_THRESHOLD: '2',
      HERALD_PAUSE_DURATION: '500ms',
    });
    try {
      const acme = await paused.tenant();
      for (let i = 0; i < 3; i++) {
        await paused.deliver(
          outcomeFor(acme, { outcome: 'failure', reason: 'timeout', final: false }),
        );
      }
      const signals = async () => (await paused.alerts()).map((a) => a.signal.kind);
      expect(await signals()).toEqual(['endpoint.paused']);
      await pollUntil(
        async () =>
          (
            (await paused.send('GET', `/v1/endpoints/${acme.endpointId}/health`, acme.apiKey))
              .body as { state: string }
          ).state !== 'paused',
        { what: 'the pause to end' },
      );
      await paused.deliver(outcomeFor(acme));
      const all = (await paused.alerts()).map((a) => a.signal);
      expect(all.map((s) => s.kind)).toEqual(['endpoint.paused', 'endpoint.recovered']);
      expect(all[1]).toMatchObject({ resolves: ['endpoint.paused'], failures: 0 });
    } finally {
      await paused.close();
    }
  });
});
