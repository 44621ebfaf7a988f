import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstream } from '@nats-io/jetstream';
import { pollUntil, TestStack } from '@herald/testing';

/**
 * One tenant's hostile receiver or backlog against another tenant, through the
 * five real services: a receiver answering NUL bytes does not keep anyone's
 * attempts out of the log, and a hanging endpoint holding a thousand tasks,
 * with the shared ack budget at 200, leaves the other tenant its latency.
 */
const ACK_BUDGET = 200;
const BACKLOG = 1_000;

describe('hostile tenants end to end', () => {
  const stack = new TestStack({
    prefix: 'host',
    connectNats: true,
    env: {
      HERALD_DISPATCH_MAX_ACK_PENDING: String(ACK_BUDGET),
      HERALD_RETRY_SCHEDULE: '1h',
    },
  });
  const { namespace, receiver } = stack;
  const api = (service: string, method: string, route: string, token: string, body?: unknown) =>
    stack.api(service, method, route, body, token);

  /** A tenant with the given event types and one endpoint per route; returns its key, id and endpoints. */
  const tenant = async (name: string, routes: string[]) => {
    const types = routes.map((route) => route.slice(1));
    const { apiKey: key, id } = await stack.tenant(name, types);
    const endpoints: Record<string, string> = {};
    for (const route of routes) {
      endpoints[route] = (await stack.endpoint(route, { eventTypes: [route.slice(1)] }, key)).id;
    }
    await stack.untilIngestAccepts(
      { type: types[0]!, payload: { warm: true } },
      { token: key, what: `ingest knows ${name}` },
    );
    return { key, id, endpoints };
  };

  const metric = async (service: 'dispatcher' | 'ingest', name: string, labels = '') => {
    const text = await (await fetch(`${stack.url(service)}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  /** Unacknowledged tasks of the dispatcher's consumer: what the noisy tenant pins of the budget. */
  const jsmPending = async () => {
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(stack.nc);
    const stream = `${namespace.toUpperCase().replace(/-/g, '_')}_DELIVER`;
    return (await jsm.consumers.info(stream, 'dispatcher-deliver')).num_ack_pending;
  };

  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

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
    const js = jetstream(stack.nc);
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
