import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  createTestDatabase,
  dropNamespace,
  Platform,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
  WebhookReceiver,
  randomAdminToken,
} from '@herald/testing';

/**
 * One tenant's hostile receiver or backlog against another tenant, through the
 * five real services: a receiver answering NUL bytes does not keep anyone's
 * attempts out of the log, and a hanging endpoint holding a thousand tasks,
 * with the shared ack budget at 200, leaves the other tenant its latency.
 */
const ADMIN_TOKEN = randomAdminToken();
const root = path.resolve(import.meta.dirname, '../..');
const ACK_BUDGET = 200;
const BACKLOG = 1_000;

describe('hostile tenants end to end', () => {
  const namespace = uniqueNamespace('host');
  const receiver = new WebhookReceiver();
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let platform: Platform;
  let nc: NatsConnection;

  const api = async (
    service: 'registry' | 'ingest' | 'health-monitor' | 'dispatcher',
    method: string,
    route: string,
    token: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${platform.url(service)}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };

  /** A tenant with the given event types and one endpoint per route; returns its key, id and endpoints. */
  const tenant = async (name: string, routes: string[]) => {
    const created = await api('registry', 'POST', '/v1/tenants', ADMIN_TOKEN, { name });
    const key = created.body.apiKey as string;
    const id =
      (created.body.tenant as { id: string } | undefined)?.id ?? (created.body.id as string);
    const types = routes.map((route) => route.slice(1));
    expect(
      (
        await api('registry', 'POST', '/v1/event-types/import', key, {
          eventTypes: types.map((t) => ({ name: t })),
        })
      ).status,
    ).toBe(200);
    const endpoints: Record<string, string> = {};
    for (const route of routes) {
      const endpoint = await api('registry', 'POST', '/v1/endpoints', key, {
        url: receiver.url(route),
        eventTypes: [route.slice(1)],
      });
      expect(endpoint.status).toBe(201);
      receiver.expectSecret(route, endpoint.body.secret as string);
      endpoints[route] = endpoint.body.id as string;
    }
    await pollUntil(
      async () =>
        (
          await api('ingest', 'POST', '/v1/events', key, {
            type: types[0],
            payload: { warm: true },
          })
        ).status === 202,
      { what: `ingest knows ${name}` },
    );
    return { key, id, endpoints };
  };

  const metric = async (service: 'dispatcher' | 'ingest', name: string, labels = '') => {
    const text = await (await fetch(`${platform.url(service)}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  /** Unacknowledged tasks of the dispatcher's consumer: what the noisy tenant pins of the budget. */
  const jsmPending = async () => {
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(nc);
    const stream = `${namespace.toUpperCase().replace(/-/g, '_')}_DELIVER`;
    return (await jsm.consumers.info(stream, 'dispatcher-deliver')).num_ack_pending;
  };

  beforeAll(async () => {
    await receiver.start();
    db = await createTestDatabase();
    platform = new Platform(root, {
      NATS_URL: TEST_NATS_URL,
      DATABASE_URL: db.url,
      HERALD_NAMESPACE: namespace,
      HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
      HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
      HERALD_DISPATCH_MAX_ACK_PENDING: String(ACK_BUDGET),
      HERALD_RETRY_SCHEDULE: '1h',
      LOG_LEVEL: 'warn',
    });
    await platform.start();
    nc = await connect({ servers: TEST_NATS_URL });
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await platform?.stop();
    await receiver.stop();
    await dropNamespace(TEST_NATS_URL, namespace);
    await db?.drop();
  });

  it('logs a receiver answering NUL bytes without keeping another tenant’s attempts out', async () => {
    receiver.respond('/nul', () => ({ status: 500, body: 'broken\u0000answer\u0000' }));
    receiver.respond('/fine', () => ({ status: 200, body: 'ok' }));
    const hostile = await tenant('hostile', ['/nul']);
    const other = await tenant('other', ['/fine']);
    for (let i = 0; i < 5; i++) {
      expect(
        (await api('ingest', 'POST', '/v1/events', hostile.key, { type: 'nul', payload: { i } }))
          .status,
      ).toBe(202);
      expect(
        (await api('ingest', 'POST', '/v1/events', other.key, { type: 'fine', payload: { i } }))
          .status,
      ).toBe(202);
    }
    const attempts = (key: string, endpointId: string) =>
      api('health-monitor', 'GET', `/v1/endpoints/${endpointId}/attempts?limit=50`, key).then(
        (r) => (r.body.data ?? []) as { outcome: string; responseBody: string | null }[],
      );
    // All 5 successful deliveries of the other tenant reach its attempt log
    // (the warm-up event is the sixth).
    await pollUntil(
      async () =>
        (await attempts(other.key, other.endpoints['/fine']!)).filter(
          (a) => a.outcome === 'success',
        ).length === 6,
      { what: 'the other tenant’s 6 attempts logged', timeoutMs: 30_000 },
    );
    // And the hostile receiver's answers are logged too, the NUL written out.
    const hostileLog = await pollUntil(
      async () => {
        const log = await attempts(hostile.key, hostile.endpoints['/nul']!);
        return log.length >= 6 ? log : undefined;
      },
      { what: 'the hostile receiver’s attempts logged', timeoutMs: 30_000 },
    );
    expect(hostileLog[0]!.responseBody).toBe('broken\\u0000answer\\u0000');
  }, 90_000);

  it(`keeps another tenant under 2 s p99 while a hanging endpoint holds ${BACKLOG} tasks (ack budget ${ACK_BUDGET})`, async () => {
    receiver.respond('/hang', () => ({ hang: true }));
    receiver.respond('/quiet', () => ({ status: 200 }));
    const noisy = await tenant('noisy', ['/hang']);
    const quiet = await tenant('quiet', ['/quiet']);
    // The noisy tenant's producer publishes its thousand events over NATS.
    const js = jetstream(nc);
    const subject = `${namespace}.ingest.${noisy.id}.hang`;
    await Promise.all(
      Array.from({ length: BACKLOG }, (_, i) =>
        js.publish(subject, JSON.stringify({ i }), { msgID: `noisy-${i}` }),
      ),
    );
    // Wait until the dispatcher holds all of them (ingest is done with them):
    // a few running, some queued, the rest parked.
    const held = async () => {
      let total = 0;
      for (const reason of ['backlog', 'breaker_open', 'not_before']) {
        total += await metric('dispatcher', 'herald_dispatcher_parked_tasks', `reason="${reason}"`);
      }
      for (const state of ['queued', 'in_flight']) {
        total += await metric('dispatcher', 'herald_dispatcher_tasks', `state="${state}"`);
      }
      return total;
    };
    await pollUntil(async () => (await held()) >= BACKLOG, {
      what: 'the noisy backlog held by the dispatcher',
      timeoutMs: 90_000,
    });
    const sentAt = new Map<string, number>();
    for (let i = 0; i < 50; i++) {
      const started = Date.now();
      const sent = await api('ingest', 'POST', '/v1/events', quiet.key, {
        type: 'quiet',
        id: `quiet-${i}`,
        payload: { i },
      });
      expect(sent.status).toBe(202);
      sentAt.set(sent.body.id as string, started);
    }
    await pollUntil(
      () =>
        [...sentAt.keys()].every((id) =>
          receiver.on('/quiet').some((r) => r.headers['webhook-id'] === id),
        ),
      { what: 'all 50 quiet events delivered', timeoutMs: 60_000 },
    );
    const latencies = [...sentAt].map(([id, at]) => {
      const received = receiver.on('/quiet').find((r) => r.headers['webhook-id'] === id)!;
      return received.receivedAt - at;
    });
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
    const parked = await metric('dispatcher', 'herald_dispatcher_parked_tasks', 'reason="backlog"');
    const pending = await jsmPending();
    console.log(
      `fairness: quiet tenant p50 ${latencies[24]} ms, p99 ${p99} ms, max ${latencies.at(-1)} ms ` +
        `while the noisy tenant's hanging endpoint held ${BACKLOG} tasks ` +
        `(${parked} parked as backlog, ${receiver.on('/hang').length} requests hanging or timed out, ` +
        `dispatcher ack pending ${pending})`,
    );
    expect(p99).toBeLessThan(2_000);
  }, 180_000);
});
