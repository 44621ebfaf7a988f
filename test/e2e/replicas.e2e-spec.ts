import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { instanceName, pollUntil, TestStack, type ServiceName } from '@herald/testing';

/**
 * Two replicas of every service — the registry, ingest, the dispatcher, the
 * health-monitor (the two split the health partitions) and alerting — every
 * request alternating between the replicas: each event is delivered once,
 * both dispatchers deliver, the attempt log and the health window of either
 * health-monitor count each attempt once, and an exhausted delivery alerts
 * the operators once although two health-monitors and two alerting replicas
 * run (the alert is stored once, whichever alerting replica lists it).
 */
const ADMIN_TOKEN = 'e2e-replicas-admin-token-3f9e21';
const ALERT_TOKEN = 'e2e-replicas-alert-token-77b0aa';
const EVENTS = 60;

describe('two replicas of each service', () => {
  const stack = new TestStack({
    prefix: 'rep',
    adminToken: ADMIN_TOKEN,
    services: ['registry', 'ingest', 'dispatcher', 'alerting', 'health-monitor'],
    replicas: 2,
    // Ten processes start one after the other on a machine other test runs share.
    readyTimeoutMs: 90_000,
    env: (receiver) => ({
      HERALD_RETRY_SCHEDULE: '100ms,200ms',
      HERALD_ALERT_WEBHOOK_URL: receiver.url('/alerts'),
      HERALD_ALERT_TOKEN: ALERT_TOKEN,
    }),
  });
  const { receiver } = stack;
  let sends = 0;

  /** Alternates between replica 1 and 2 of the service on every call. */
  const api = (
    service: ServiceName,
    method: string,
    route: string,
    body?: unknown,
    token?: string,
  ) => {
    sends += 1;
    return stack.api(instanceName(service, (sends % 2) + 1), method, route, body, token);
  };

  const requestsMade = async (instance: string) => {
    const metrics = await (await fetch(`${stack.url(instance)}/metrics`)).text();
    return [...metrics.matchAll(/^herald_dispatcher_requests_total\{[^}]*\} (\d+)/gm)].reduce(
      (sum, [, n]) => sum + Number(n),
      0,
    );
  };

  beforeAll(async () => {
    receiver.respond('/failing', () => ({ status: 500, body: 'down' }));
    await stack.start();
  }, 900_000);

  afterAll(() => stack.stop());

  it('splits the health partitions between the two health-monitors', async () => {
    const held = async (instance: string) => {
      const metrics = await (await fetch(`${stack.url(instance)}/metrics`)).text();
      return Number(/^herald_health_partitions_held(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1]);
    };
    await pollUntil(
      async () =>
        (await held('health-monitor')) === 8 &&
        (await held(instanceName('health-monitor', 2))) === 8,
      { timeoutMs: 60_000, what: 'eight health partitions on each health-monitor' },
    );
  }, 90_000);

  it('delivers each event once, through both dispatchers, and logs each attempt once', async () => {
    const tenant = await api('registry', 'POST', '/v1/tenants', { name: 'twins' }, ADMIN_TOKEN);
    expect(tenant.status).toBe(201);
    stack.apiKey = tenant.body.apiKey as string;
    const types = await api('registry', 'POST', '/v1/event-types/import', {
      eventTypes: [{ name: 'order.paid' }, { name: 'payment.failed' }],
    });
    expect(types.status).toBe(200);
    const created = await api('registry', 'POST', '/v1/endpoints', {
      url: receiver.url('/orders'),
      eventTypes: ['order.paid'],
    });
    expect(created.status).toBe(201);
    const endpointId = created.body.id as string;

    // Both ingest replicas learn of the endpoint through the read model.
    await pollUntil(
      async () =>
        (
          await api('ingest', 'POST', '/v1/events', {
            type: 'order.paid',
            id: 'warm-a',
            payload: {},
          })
        ).status === 202 &&
        (
          await api('ingest', 'POST', '/v1/events', {
            type: 'order.paid',
            id: 'warm-b',
            payload: {},
          })
        ).status === 202,
      { what: 'both ingest replicas accept the tenant' },
    );
    for (let i = 0; i < EVENTS; i += 1) {
      const sent = await api('ingest', 'POST', '/v1/events', {
        type: 'order.paid',
        id: `order-${i}`,
        payload: { i },
      });
      expect(sent.status).toBe(202);
    }
    const total = EVENTS + 2;
    await pollUntil(() => receiver.on('/orders').length >= total, {
      timeoutMs: 60_000,
      what: `${total} deliveries`,
    });
    const ids = receiver.on('/orders').map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(total);
    expect(ids).toHaveLength(total);

    expect(await requestsMade('dispatcher')).toBeGreaterThan(0);
    expect(await requestsMade(instanceName('dispatcher', 2))).toBeGreaterThan(0);

    await pollUntil(
      async () => {
        const health = await api('health-monitor', 'GET', `/v1/endpoints/${endpointId}/health`);
        const totals = (health.body.histogram as { totals?: Record<string, number> } | undefined)
          ?.totals;
        return totals !== undefined && (totals.successful ?? 0) + (totals.slow ?? 0) === total;
      },
      { timeoutMs: 30_000, what: 'the health window counts each attempt once' },
    );
    let logged = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await api(
        'health-monitor',
        'GET',
        `/v1/endpoints/${endpointId}/attempts?limit=100${query}`,
      );
      logged += (page.body.data as unknown[]).length;
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(logged).toBe(total);
  }, 180_000);

  it('alerts the operators once for an exhausted delivery', async () => {
    const failing = await api('registry', 'POST', '/v1/endpoints', {
      url: receiver.url('/failing'),
      eventTypes: ['payment.failed'],
    });
    expect(failing.status).toBe(201);
    await pollUntil(
      async () =>
        (
          await api('ingest', 'POST', '/v1/events', {
            type: 'payment.failed',
            id: 'pay-1',
            payload: {},
          })
        ).status === 202,
      { what: 'the event accepted' },
    );
    await pollUntil(() => receiver.on('/alerts').length > 0, {
      timeoutMs: 60_000,
      what: 'the alert',
    });
    // alerting has recorded its delivery to the operators' destination: nothing else is due.
    await pollUntil(
      async () => {
        const alerts = await api('alerting', 'GET', '/v1/alerts', undefined, ADMIN_TOKEN);
        return JSON.stringify(alerts.body).includes('"status":"sent"');
      },
      { what: 'the alert marked delivered' },
    );
    const exhausted = receiver
      .on('/alerts')
      .map((request) => JSON.parse(request.body) as { id: string; kind: string })
      .filter((alert) => alert.kind === 'delivery.exhausted');
    expect(exhausted).toHaveLength(1);
    expect(receiver.on('/failing')).toHaveLength(3);
    // Either alerting replica lists the alert once: stored once although both consume alerts.
    for (let i = 0; i < 2; i += 1) {
      const listed = await api('alerting', 'GET', '/v1/alerts?limit=500', undefined, ADMIN_TOKEN);
      const kinds = (listed.body.data as { kind: string; id: string }[]).filter(
        (alert) => alert.kind === 'delivery.exhausted',
      );
      expect(kinds.map((alert) => alert.id)).toEqual([exhausted[0]!.id]);
    }
  }, 120_000);
});
