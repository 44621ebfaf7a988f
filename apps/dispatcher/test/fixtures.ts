import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryTask, EndpointView } from '@herald/contracts';
import { anEndpointView, newSecret, pollUntil } from '@herald/testing';
import type { Harness } from './harness.js';

/** Builders for integration tests: endpoints with fresh ids and secrets, tasks, a silent server. */
export { newSecret };

export function endpointAt(url: string, overrides: Partial<EndpointView> = {}): EndpointView {
  return anEndpointView({ id: `ep_${randomUUID()}`, tenantId: 'ten_1', url, ...overrides });
}

export function taskFor(endpoint: EndpointView, payload = '{"event":"ping"}'): DeliveryTask {
  return {
    messageId: `msg_${randomUUID()}`,
    tenantId: endpoint.tenantId,
    endpointId: endpoint.id,
    eventType: 'message_created',
    channel: null,
    payload,
    createdAt: new Date().toISOString(),
    attempt: 1,
    notBefore: null,
    replayId: null,
  };
}

/** An HTTP server that accepts requests and never answers them. */
export async function hangingServer(): Promise<{
  url: string;
  hits: () => number;
  stop(): Promise<void>;
}> {
  let hits = 0;
  const server: Server = createServer(() => {
    hits += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hang`,
    hits: () => hits,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Puts `count` endpoints with `fields` at `url` (a hanging server's) and
 * publishes `tasks` tasks to them in turn: a backlog they cannot drain.
 */
export async function backlogAt(
  h: Harness,
  url: string,
  fields: Partial<EndpointView>,
  count: number,
  tasks: number,
): Promise<EndpointView[]> {
  const endpoints: EndpointView[] = [];
  for (let i = 0; i < count; i += 1) endpoints.push(await h.putEndpoint(endpointAt(url, fields)));
  for (let i = 0; i < tasks; i += 1) {
    await h.publishTask(taskFor(endpoints[i % count]!, `{"i":${i}}`));
  }
  return endpoints;
}

/**
 * Publishes `count` tasks to an endpoint at the receiver's `path` and waits
 * until it has them all: the milliseconds the slowest took.
 */
export async function slowestDelivery(
  h: Harness,
  endpoint: EndpointView,
  path: string,
  count: number,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < count; i += 1) await h.publishTask(taskFor(endpoint, `{"i":${i}}`));
  await pollUntil(() => h.receiver.on(path).length === count, {
    what: `the ${count} tasks at ${path}`,
    timeoutMs,
  });
  return Math.max(...h.receiver.on(path).map((r) => r.receivedAt - started));
}
