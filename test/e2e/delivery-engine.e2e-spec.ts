import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { pollUntil, TestStack } from '@herald/testing';

/**
 * The delivery engine across services: a crashed dispatcher loses nothing; a
 * 410 disables the endpoint through the registry and alerts; a disabled and a
 * paused endpoint get every held message once they recover; secret rotation
 * signs with both secrets.
 */
const ALERT_TOKEN = 'e2e-alert-token-abcdef';

describe('delivery engine end to end', () => {
  const stack = new TestStack({
    prefix: 'eng',
    env: (receiver) => ({
      HERALD_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms',
      HERALD_RETRY_JITTER: '0',
      HERALD_PARK_POLL: '200ms',
      HERALD_PAUSE_THRESHOLD: '5',
      HERALD_PAUSE_WINDOW: '30s',
      HERALD_PAUSE_DURATION: '3s',
      HERALD_BREAKER_VOLUME: '1000',
      HERALD_SECRET_ROTATION_GRACE: '1h',
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
      HERALD_ALERT_TOKEN: ALERT_TOKEN,
    }),
  });
  const { receiver } = stack;
  const api = stack.api.bind(stack);

  const createEndpoint = (route: string) => stack.endpoint(route, { eventTypes: [route.slice(1)] });

  /** Publishes `count` events of the endpoint's type; returns their message ids. */
  const publish = (type: string, count: number, prefix: string) =>
    stack.publishMany(type, count, prefix);

  const deliveredIds = (route: string) =>
    new Set(
      receiver
        .on(route)
        .filter(
          (r) => r.verified === true && (r.answeredWith ?? 0) >= 200 && (r.answeredWith ?? 0) < 300,
        )
        .map((r) => String(r.headers['webhook-id'])),
    );

  beforeAll(async () => {
    await stack.start();
    // Endpoint filters and events must name event types the tenant's catalog has.
    await stack.tenant('acme', ['warmup', 'crash', 'gone', 'paused', 'rotating']);
    await stack.untilIngestAccepts({ type: 'warmup', payload: {} });
  }, 120_000);

  afterAll(() => stack.stop());

  it('loses nothing when the dispatcher is killed with deliveries and retries pending', async () => {
    // Every first attempt fails, so retries are pending in JetStream when the dispatcher dies.
    receiver.respond('/crash', (_req, nth) => (nth <= 20 ? { status: 500 } : { status: 200 }));
    await createEndpoint('/crash');
    const ids = await publish('crash', 20, 'crash');
    await pollUntil(() => receiver.on('/crash').length >= 10, { what: 'first attempts under way' });
    await stack.platform.stopService('dispatcher', 'SIGKILL');
    await stack.platform.startService('dispatcher');
    await pollUntil(
      () =>
        ids.every((id) =>
          receiver.on('/crash').some((r) => r.headers['webhook-id'] === id && r.verified),
        ),
      { timeoutMs: 60_000, what: 'every message delivered after the restart' },
    );
  }, 90_000);

  it('disables an endpoint that answers 410, alerts, holds its messages and delivers them once re-enabled', async () => {
    let gone = true;
    receiver.respond('/gone', () => (gone ? { status: 410 } : { status: 200 }));
    const endpoint = await createEndpoint('/gone');
    const [first] = await publish('gone', 1, 'gone-first');
    await pollUntil(
      async () =>
        (await api('registry', 'GET', `/v1/endpoints/${endpoint.id}`)).body.enabled === false,
      { timeoutMs: 20_000, what: 'endpoint disabled after 410' },
    );
    const details = await api('registry', 'GET', `/v1/endpoints/${endpoint.id}`);
    expect(details.body.disabledReason).toBe('endpoint_gone');
    const alert = await pollUntil(
      () =>
        receiver
          .on('/alerts')
          .map((r) => JSON.parse(r.body) as { kind: string; data: { endpointId: string } })
          .find((a) => a.kind === 'endpoint.disabled' && a.data.endpointId === endpoint.id),
      { what: 'endpoint.disabled alert' },
    );
    expect(alert).toBeDefined();
    // While disabled, new messages are held, not dropped and not sent.
    const held = await publish('gone', 5, 'gone-held');
    const sentBefore = receiver.on('/gone').length;
    gone = false;
    expect(
      (await api('registry', 'PATCH', `/v1/endpoints/${endpoint.id}`, { enabled: true })).status,
    ).toBe(200);
    await pollUntil(() => held.every((id) => deliveredIds('/gone').has(id)), {
      timeoutMs: 20_000,
      what: 'held messages delivered after re-enabling',
    });
    console.log(
      `disabled endpoint: ${held.length} messages held, ${held.filter((id) => deliveredIds('/gone').has(id)).length} delivered after re-enabling (requests while disabled: ${receiver.on('/gone').length - sentBefore - held.length})`,
    );
    // The message that got the 410 is a dead letter, not retried.
    expect(receiver.on('/gone').filter((r) => r.headers['webhook-id'] === first)).toHaveLength(1);
  }, 60_000);

  it('pauses an endpoint after too many failures and delivers every deferred message when the pause ends', async () => {
    let failing = true;
    receiver.respond('/paused', () => (failing ? { status: 500 } : { status: 200 }));
    const endpoint = await createEndpoint('/paused');
    const ids = await publish('paused', 6, 'pause');
    const alert = await pollUntil(
      () =>
        receiver
          .on('/alerts')
          .map(
            (r) =>
              JSON.parse(r.body) as { kind: string; data: { endpointId: string; until: string } },
          )
          .find((a) => a.kind === 'endpoint.paused' && a.data.endpointId === endpoint.id),
      { timeoutMs: 20_000, what: 'endpoint.paused alert' },
    );
    // A request the dispatcher had started before it saw the pause may still land
    // just after; from shortly after the alert until the pause ends, none may.
    const quietFrom = Date.now() + 300;
    const until = Date.parse(alert.data.until);
    expect(until - quietFrom).toBeGreaterThan(1_000);
    failing = false;
    await pollUntil(() => ids.every((id) => deliveredIds('/paused').has(id)), {
      timeoutMs: 30_000,
      what: 'every deferred message delivered after the pause',
    });
    const duringPause = receiver
      .on('/paused')
      .filter((r) => r.receivedAt >= quietFrom && r.receivedAt < until - 100);
    expect(duringPause).toHaveLength(0);
    console.log(
      `paused endpoint: ${ids.length} messages held during the pause, ${ids.filter((id) => deliveredIds('/paused').has(id)).length} delivered after it ended`,
    );
  }, 60_000);

  it('signs with both secrets during the rotation grace period', async () => {
    const endpoint = await createEndpoint('/rotating');
    const rotated = await api('registry', 'POST', `/v1/endpoints/${endpoint.id}/secret/rotate`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(endpoint.secret);
    // The dispatcher signs with both once the rotation reaches its read model (milliseconds).
    receiver.expectSecret('/rotating', fresh);
    let attempt = 0;
    const request = await pollUntil(
      async () => {
        const [id] = await publish('rotating', 1, `rot-${attempt++}`);
        const delivered = await pollUntil(
          () => receiver.on('/rotating').find((r) => r.headers['webhook-id'] === id),
          { what: 'rotated delivery' },
        );
        return String(delivered.headers['webhook-signature']).includes(' ') ? delivered : undefined;
      },
      { what: 'a delivery signed with both secrets' },
    );
    const signatures = String(request.headers['webhook-signature']).split(' ');
    expect(signatures).toHaveLength(2);
    for (const secret of [fresh, endpoint.secret]) {
      expect(() =>
        new Webhook(secret).verify(request.body, {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        }),
      ).not.toThrow();
    }
  });
});
