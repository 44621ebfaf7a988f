import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryTask, EndpointView } from '@herald/contracts';
import { anEndpointView, newSecret } from '@herald/testing';

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
