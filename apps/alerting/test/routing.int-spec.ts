import { beforeAll, describe, expect, it } from '@jest/globals';
import { WebhookReceiver } from '@herald/testing';
import { ADMIN_TOKEN, signalOf, harnessForSuite } from './harness.js';

const WINDOW_MS = 600_000;

/**
 * Routing, de-duplication, suppression, resolution, per-destination retries
 * and redaction on real NATS and Postgres, with real receivers. Suppression
 * is decided on the alerts' own `occurredAt`, so the test states times
 * instead of waiting for them.
 */
describe('alert routing, suppression and resolution (real NATS + Postgres)', () => {
  const receiver = WebhookReceiver.forSuite();
  const h = harnessForSuite({ HERALD_ALERT_SUPPRESSION_WINDOW: '10m', HERALD_ALERT_MAX_AGE: '6s' });
  const bodies = (path: string) =>
    receiver.on(path).map((r) => JSON.parse(r.body) as Record<string, unknown> & { id: string });

  beforeAll(async () => {
    expect(
      (await h.api('POST', '/v1/alert-destinations', ADMIN_TOKEN, { url: receiver.url('/ops') }))
        .status,
    ).toBe(201);
  });

  /** A tenant with one destination at `path`, answering 204 unless told otherwise. */
  const tenantWith = async (path: string, kinds?: string[]) => {
    const tenant = await h.tenant();
    receiver.respond(path, () => ({ status: 204 }));
    const created = await h.api('POST', '/v1/alert-destinations', tenant.apiKey, {
      url: receiver.url(path),
      ...(kinds ? { kinds } : {}),
    });
    expect(created.status).toBe(201);
    return { ...tenant, destinationId: String(created.body.id) };
  };

  it("sends a tenant's alert to its own destinations and the operators', never to another tenant's", async () => {
    const acme = await tenantWith('/acme');
    const paged = await tenantWith('/acme-paged', ['endpoint.disabled']);
    const globex = await tenantWith('/globex');
    const signal = signalOf('delivery.exhausted', { tenantId: acme.tenantId });
    await h.deliver(signal);
    expect(bodies('/acme').map((b) => b.id)).toEqual([signal.alertId]);
    expect(bodies('/ops').map((b) => b.id)).toContain(signal.alertId);
    expect(bodies('/globex')).toEqual([]);
    expect(bodies('/acme-paged')).toEqual([]);
    const disabled = signalOf('endpoint.disabled', { tenantId: paged.tenantId });
    await h.deliver(disabled);
    expect(bodies('/acme-paged').map((b) => b.id)).toEqual([disabled.alertId]);
    expect(globex.destinationId).toBeDefined();
  });

  it('de-duplicates: one alert id is sent once, however often its signal arrives', async () => {
    const acme = await tenantWith('/dedup');
    const signal = signalOf('delivery.failing', { tenantId: acme.tenantId });
    await h.deliver(signal);
    await h.deliver(signal, `${signal.alertId}:again`);
    expect(bodies('/dedup').map((b) => b.id)).toEqual([signal.alertId]);
  });

  it('suppresses alerts of one kind about one endpoint within the window, then reports how many', async () => {
    const acme = await tenantWith('/suppress');
    const endpointId = 'ep_suppressed';
    const t0 = Date.now() - 2 * WINDOW_MS;
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const exhausted = (ms: number) =>
      signalOf('delivery.exhausted', { tenantId: acme.tenantId, endpointId, occurredAt: at(ms) });
    const first = exhausted(0);
    await h.deliver(first);
    for (const ms of [1_000, 60_000, WINDOW_MS - 1]) await h.deliver(exhausted(ms));
    // Another kind about the same endpoint, and the same kind about another endpoint, are not held back.
    const paused = signalOf('endpoint.paused', {
      tenantId: acme.tenantId,
      endpointId,
      occurredAt: at(2_000),
    });
    await h.deliver(paused);
    const elsewhere = signalOf('delivery.exhausted', {
      tenantId: acme.tenantId,
      occurredAt: at(3_000),
    });
    await h.deliver(elsewhere);
    const after = exhausted(WINDOW_MS);
    await h.deliver(after);
    expect(bodies('/suppress').map((b) => b.id)).toEqual([
      first.alertId,
      paused.alertId,
      elsewhere.alertId,
      after.alertId,
    ]);
    expect(bodies('/suppress').at(-1)).toMatchObject({
      suppressed: { count: 3, windowSeconds: 600 },
    });
    expect(await h.metrics()).toMatch(
      /^herald_alerts_sent_total\{[^}]*kind="delivery.exhausted"[^}]*result="suppressed"[^}]*\} 3$/m,
    );
  });

  it('sends a resolved notice to destinations that were alerted about the endpoint, only', async () => {
    const acme = await tenantWith('/resolve');
    const quiet = await tenantWith('/resolve-quiet', ['endpoint.recovered']);
    const endpointId = 'ep_recovering';
    const paused = signalOf('endpoint.paused', { tenantId: acme.tenantId, endpointId });
    await h.deliver(paused);
    const recovered = signalOf('endpoint.recovered', { tenantId: acme.tenantId, endpointId });
    await h.deliver(recovered);
    expect(bodies('/resolve').map((b) => [b.kind, b.status])).toEqual([
      ['endpoint.paused', 'firing'],
      ['endpoint.recovered', 'resolved'],
    ]);
    // A second recovery with nothing new to resolve is held back.
    const again = signalOf('endpoint.recovered', { tenantId: acme.tenantId, endpointId });
    await h.deliver(again);
    expect(bodies('/resolve')).toHaveLength(2);
    // A destination never alerted about the endpoint gets no resolved notice.
    await h.deliver(
      signalOf('endpoint.recovered', { tenantId: quiet.tenantId, endpointId: 'ep_never' }),
    );
    expect(bodies('/resolve-quiet')).toEqual([]);
  });

  it('retries a refusing destination alone, without resending to the others, then gives up', async () => {
    const acme = await tenantWith('/healthy-dest');
    let refusals = 2;
    receiver.respond('/flaky-dest', () => (refusals-- > 0 ? { status: 503 } : { status: 202 }));
    await h.api('POST', '/v1/alert-destinations', acme.apiKey, {
      url: receiver.url('/flaky-dest'),
    });
    const signal = signalOf('endpoint.disabled', { tenantId: acme.tenantId });
    await h.deliver(signal);
    expect(bodies('/healthy-dest').map((b) => b.id)).toEqual([signal.alertId]);
    expect(bodies('/flaky-dest').map((b) => b.id)).toEqual([
      signal.alertId,
      signal.alertId,
      signal.alertId,
    ]);
    const [row] = await h.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM alerts WHERE alert_id = $1',
      [signal.alertId],
    );
    expect(row).toEqual({ status: 'sent', attempts: 5 });

    // A destination that never accepts is given up after HERALD_ALERT_MAX_AGE (6 s here).
    const doomed = await tenantWith('/dead-dest');
    receiver.respond('/dead-dest', () => ({ status: 500 }));
    const lost = signalOf('endpoint.disabled', { tenantId: doomed.tenantId });
    await h.deliver(lost, lost.alertId, 20_000);
    const [gaveUp] = await h.query<{ status: string; last_error: string }>(
      'SELECT status, last_error FROM deliveries WHERE alert_id = $1 AND destination_id = $2',
      [lost.alertId, doomed.destinationId],
    );
    expect(gaveUp).toEqual({ status: 'failed', last_error: 'destination answered HTTP 500' });
    expect(await h.metrics()).toMatch(
      /^herald_alerts_sent_total\{[^}]*result="gave_up"[^}]*\} 1$/m,
    );
  }, 30_000);

  it('scrubs the endpoint’s secrets and header values from an alert, whatever the signal carried', async () => {
    const acme = await tenantWith('/scrub');
    const endpoint = await h.endpoint(acme.tenantId, {
      headers: { 'X-Api-Key': 'hdr-value-0042' },
    });
    const secret = endpoint.secrets[0]!;
    const signal = {
      ...signalOf('delivery.exhausted', { tenantId: acme.tenantId, endpointId: endpoint.id }),
      error: `HTTP 401: bad key hdr-value-0042, signature ${secret.slice(6)}`,
    };
    await h.deliver(signal);
    const [post] = receiver.on('/scrub');
    expect(post?.body).not.toContain('hdr-value-0042');
    expect(post?.body).not.toContain(secret.slice(6));
    expect((JSON.parse(post!.body) as { data: { error: string } }).data.error).toBe(
      'HTTP 401: bad key [redacted], signature [redacted]',
    );
  });

  it("lists a tenant's alerts with their deliveries, and every tenant's for the operators", async () => {
    const acme = await tenantWith('/history');
    const signal = signalOf('endpoint.paused', { tenantId: acme.tenantId });
    await h.deliver(signal);
    const own = await h.api('GET', '/v1/alerts?limit=5', acme.apiKey);
    expect(own.status).toBe(200);
    expect(own.body.data).toEqual([
      expect.objectContaining({
        id: signal.alertId,
        kind: 'endpoint.paused',
        status: 'sent',
        deliveries: [
          expect.objectContaining({
            destinationId: acme.destinationId,
            status: 'sent',
            attempts: 1,
          }),
        ],
      }),
    ]);
    const ops = await h.api('GET', '/v1/alerts?limit=500', ADMIN_TOKEN);
    expect((ops.body.data as { id: string }[]).map((a) => a.id)).toContain(signal.alertId);
  });
});
