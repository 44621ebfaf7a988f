import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { pollUntil, TestStack, WebhookReceiver, type ReceivedRequest } from '@herald/testing';

/**
 * Alerts end to end, five services as processes: receivers that fail in
 * every way Herald alerts about → dispatcher → health-monitor → alerting →
 * a tenant's destination and the operators', through real NATS. Every kind
 * arrives, signed with its destination's token, within a second of its
 * cause; the health view agrees; and no alert contains any secret the test
 * created — signing secrets, custom header values, query tokens, API keys,
 * tokens.
 */
interface Alert {
  id: string;
  kind: string;
  status: string;
  tenantId: string | null;
  data: Record<string, unknown> & { endpointId?: string };
}

describe('alerts end to end', () => {
  const stack = new TestStack({
    prefix: 'alr',
    env: {
      HERALD_RETRY_SCHEDULE: '200ms,200ms,200ms',
      HERALD_RETRY_JITTER: '0',
      HERALD_PARK_POLL: '200ms',
      HERALD_BREAKER_VOLUME: '1000',
      HERALD_REJECTION_REPORT_INTERVAL: '200ms',
      // Tuned so each scenario trips only its own policy, even on a slow machine: the flaky
      // endpoint fails ~48 times in a few seconds (pause); the dying one once per ~0.5 s for
      // 10 s (warnings, then disable) — never more than 12 times within 5 s.
      HERALD_PAUSE_THRESHOLD: '12',
      HERALD_PAUSE_WINDOW: '5s',
      HERALD_PAUSE_DURATION: '2s',
      HERALD_DISABLE_AFTER: '10s',
      HERALD_PUBLIC_API_URL: 'https://herald.example.com',
    },
  });
  const { receiver, namespace } = stack;
  const api = stack.api.bind(stack);
  const secrets: string[] = [stack.adminToken];
  let tenantToken: string;
  let operatorToken: string;
  /** Each endpoint's path at the receiver, query included (`/<name>?token=…`). */
  const routes: Record<string, string> = {};

  /** An endpoint answering as `responder`, with a custom header and a query token, both secrets. */
  const createEndpoint = async (
    name: string,
    responder: Parameters<WebhookReceiver['respond']>[1],
    extra: Record<string, unknown> = {},
  ) => {
    const headerValue = `hdr-${name}-${namespace}-s3cret`;
    const queryToken = `qry-${name}-${namespace}-s3cret`;
    routes[name] = `/${name}?token=${queryToken}`;
    receiver.respond(routes[name], responder);
    const { id, secret } = await stack.endpoint(routes[name], {
      eventTypes: [name],
      headers: { 'x-api-key': headerValue },
      ...extra,
    });
    secrets.push(secret, secret.slice('whsec_'.length), headerValue, queryToken);
    return id;
  };
  const requestsTo = (name: string) => receiver.on(routes[name]!);

  const publish = (type: string, n: number, prefix: string) =>
    stack.publishMany(type, n, prefix, (i) => ({ n: i }));

  const alertsAt = (route: string): (Alert & { request: ReceivedRequest })[] =>
    receiver.on(route).map((request) => ({ ...(JSON.parse(request.body) as Alert), request }));
  const alertOf = (route: string, kind: string, endpoint?: string) =>
    pollUntil(
      () =>
        alertsAt(route).find(
          (a) => a.kind === kind && (endpoint === undefined || a.data.endpointId === endpoint),
        ),
      { timeoutMs: 30_000, what: `${kind} alert at ${route}` },
    );
  /** A request a receiver got from the dispatcher: it echoes the secrets it was sent. */
  const echo = (request: ReceivedRequest) =>
    `key ${String(request.headers['x-api-key'])} sig ${String(request.headers['webhook-signature'])} url ${request.path}`;

  beforeAll(async () => {
    await stack.start();
    // Endpoint filters and events must name event types the tenant's catalog has.
    await stack.tenant('acme', ['warmup', 'exhaust', 'gone', 'flaky', 'dying']);
    secrets.push(stack.apiKey);
    await stack.untilIngestAccepts({ type: 'warmup', payload: {} });
    // The tenant's destination and the operators', created over the API.
    const mine = await pollUntil(async () => {
      const created = await api('alerting', 'POST', '/v1/alert-destinations', {
        url: receiver.url('/tenant-alerts'),
      });
      return created.status === 201 && created;
    });
    tenantToken = String(mine.body.token);
    const ops = await api(
      'alerting',
      'POST',
      '/v1/alert-destinations',
      { url: receiver.url('/ops-alerts') },
      stack.adminToken,
    );
    expect(ops.status).toBe(201);
    operatorToken = String(ops.body.token);
    secrets.push(tenantToken, tenantToken.slice(6), operatorToken, operatorToken.slice(6));
  }, 120_000);

  afterAll(() => stack.stop());

  it('alerts that a delivery is failing, then that it is exhausted, each within a second', async () => {
    const endpoint = await createEndpoint('exhaust', (request) => ({
      status: 500,
      body: echo(request),
    }));
    await publish('exhaust', 1, 'exh');
    const failing = await alertOf('/tenant-alerts', 'delivery.failing', endpoint);
    const exhausted = await alertOf('/tenant-alerts', 'delivery.exhausted', endpoint);
    const attempts = requestsTo('exhaust');
    expect(attempts).toHaveLength(4);
    // Real time: from the receiver's answer that caused it to the alert's arrival.
    expect(failing.request.receivedAt - attempts[2]!.receivedAt).toBeLessThan(1_000);
    expect(exhausted.request.receivedAt - attempts[3]!.receivedAt).toBeLessThan(1_000);
    expect(exhausted).toMatchObject({
      status: 'firing',
      tenantId: stack.tenantId,
      data: { attempts: 4, statusCode: 500, messageId: expect.any(String) },
    });
    expect(String(exhausted.data.endpointUrl)).toMatch(/\?token=redacted$/);
    const links = (exhausted as unknown as { links: { attempts: string } }).links;
    expect(links.attempts).toBe(
      `https://herald.example.com/v1/endpoints/${endpoint}/attempts?messageId=${String(exhausted.data.messageId)}`,
    );
    // The link's path works, and shows the four attempts.
    const listed = await api(
      'health-monitor',
      'GET',
      new URL(links.attempts).pathname + new URL(links.attempts).search,
    );
    expect((listed.body.data as unknown[]).length).toBe(4);
    await alertOf('/ops-alerts', 'delivery.exhausted', endpoint);
  }, 60_000);

  it('disables an endpoint that answers 410 and alerts within a second', async () => {
    const endpoint = await createEndpoint('gone', () => ({ status: 410 }));
    await publish('gone', 1, 'gone');
    const disabled = await alertOf('/tenant-alerts', 'endpoint.disabled', endpoint);
    expect(disabled.data).toMatchObject({ reason: 'endpoint_gone', statusCode: 410 });
    expect(disabled.request.receivedAt - requestsTo('gone')[0]!.receivedAt).toBeLessThan(1_000);
  }, 60_000);

  it('pauses a failing endpoint, shows it in its health, and resolves the incident when it recovers', async () => {
    let failing = true;
    const endpoint = await createEndpoint('flaky', (request) =>
      failing ? { status: 503, body: echo(request) } : { status: 200 },
    );
    await publish('flaky', 12, 'flaky');
    const paused = await alertOf('/tenant-alerts', 'endpoint.paused', endpoint);
    const health = await pollUntil(
      async () => {
        const view = await api('health-monitor', 'GET', `/v1/endpoints/${endpoint}/health`);
        return view.body.state === 'paused' && view.body;
      },
      { what: 'the health view to show the pause' },
    );
    expect(health).toMatchObject({ pausedUntil: paused.data.until });
    expect((health.histogram as { totals: { error: number } }).totals.error).toBeGreaterThanOrEqual(
      7,
    );
    failing = false;
    const recovered = await alertOf('/tenant-alerts', 'endpoint.recovered', endpoint);
    expect(recovered).toMatchObject({ status: 'resolved' });
    expect(recovered.data.resolves).toEqual(expect.arrayContaining(['endpoint.paused']));
    await alertOf('/ops-alerts', 'endpoint.recovered', endpoint);
    // The tasks deferred by the pause were counted as rejected in the histogram.
    await pollUntil(
      async () => {
        const view = await api('health-monitor', 'GET', `/v1/endpoints/${endpoint}/health`);
        const totals = (view.body.histogram as { totals: { rejected: number; successful: number } })
          .totals;
        return view.body.state !== 'paused' && totals.rejected > 0 && totals.successful >= 1;
      },
      { timeoutMs: 20_000, what: 'rejections and successes in the histogram' },
    );
  }, 60_000);

  it('warns at 50, 75 and 90 % of the disable period, then disables the endpoint through the registry', async () => {
    // No retries: one failure per event, so the pause policy stays out of the way.
    const endpoint = await createEndpoint(
      'dying',
      (request) => ({ status: 500, body: echo(request) }),
      { retrySchedule: [] },
    );
    let n = 0;
    await pollUntil(
      async () => {
        await publish('dying', 1, `dying-${n++}`);
        return (await api('registry', 'GET', `/v1/endpoints/${endpoint}`)).body.enabled === false;
      },
      { timeoutMs: 40_000, intervalMs: 500, what: 'the endpoint disabled by the policy' },
    );
    const details = await api('registry', 'GET', `/v1/endpoints/${endpoint}`);
    expect(details.body.disabledReason).toBe('failing_persistently');
    for (const percent of [50, 75, 90]) {
      await pollUntil(
        () =>
          alertsAt('/tenant-alerts').find(
            (a) =>
              a.kind === 'endpoint.disable_warning' &&
              a.data.endpointId === endpoint &&
              a.data.percent === percent,
          ),
        { what: `the ${percent} % warning` },
      );
    }
    const disabled = await alertOf('/tenant-alerts', 'endpoint.disabled', endpoint);
    expect(disabled.data).toMatchObject({ reason: 'failing_persistently' });
  }, 60_000);

  it('sends a test alert on request', async () => {
    const listed = await api('alerting', 'GET', '/v1/alert-destinations');
    const [destination] = listed.body.data as { id: string }[];
    const tested = await api('alerting', 'POST', `/v1/alert-destinations/${destination!.id}/test`);
    expect(tested.body).toMatchObject({ status: 'sent', statusCode: 204 });
    await alertOf('/tenant-alerts', 'test');
  });

  it('signs every alert with its destination token and puts no secret in any alert', () => {
    const received = [
      ...receiver.on('/tenant-alerts').map((r) => ({ r, token: tenantToken })),
      ...receiver.on('/ops-alerts').map((r) => ({ r, token: operatorToken })),
    ];
    const kinds = new Set(received.map(({ r }) => (JSON.parse(r.body) as Alert).kind));
    expect([...kinds].sort()).toEqual(
      [
        'delivery.exhausted',
        'delivery.failing',
        'endpoint.disable_warning',
        'endpoint.disabled',
        'endpoint.paused',
        'endpoint.recovered',
        'test',
      ].sort(),
    );
    for (const { r, token } of received) {
      expect(r.headers['authorization']).toBe(`Bearer ${token}`);
      new Webhook(token).verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      });
      const headers = Object.entries(r.headers).filter(([name]) => name !== 'authorization');
      const visible = `${r.body}\n${JSON.stringify(headers)}`;
      for (const secret of secrets) {
        expect({ alert: r.body.slice(0, 80), leaked: visible.includes(secret) }).toEqual({
          alert: r.body.slice(0, 80),
          leaked: false,
        });
      }
    }
    // The operators' destination got the tenant's alerts too (every kind but the tenant's test).
    expect(receiver.on('/ops-alerts').length).toBeGreaterThan(5);
  });
});
