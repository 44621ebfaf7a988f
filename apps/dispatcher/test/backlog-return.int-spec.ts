import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pollUntil } from '@herald/testing';
import { endpointAt, taskFor } from './fixtures.js';
import { Harness } from './harness.js';

/** An endpoint that holds every request until `open()`, then answers 200 at once. */
async function gatedServer() {
  const held: ServerResponse[] = [];
  const bodies: string[] = [];
  let open = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      bodies.push(body);
      if (open) res.end();
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/gated`,
    /** Distinct request bodies received (a retried task would repeat one). */
    distinct: () => new Set(bodies).size,
    held: () => held.length,
    open() {
      open = true;
      for (const res of held.splice(0)) res.end();
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A tenant's backlog parked because its share of the replica was full comes
 * back as soon as the tenant has room again (real NATS + Postgres). The poll
 * is an hour here, so only the early round the room triggers can bring it
 * back within the test.
 */
describe('parked backlog returns when its tenant has room (real NATS + Postgres)', () => {
  let h: Harness;
  let gate: Awaited<ReturnType<typeof gatedServer>>;

  beforeAll(async () => {
    gate = await gatedServer();
    h = await Harness.start({
      HERALD_TENANT_MAX_IN_FLIGHT: '2',
      HERALD_TENANT_MAX_QUEUED: '4',
      HERALD_PARK_POLL: '1h',
    });
  });

  afterAll(async () => {
    await h?.stop();
    await gate?.stop();
  });

  it('delivers every parked task without waiting for the next poll once the tenant has room', async () => {
    const endpoint = await h.putEndpoint(endpointAt(gate.url, { concurrency: 2 }));
    for (let i = 0; i < 20; i += 1) await h.publishTask(taskFor(endpoint, `{"i":${i}}`));
    const backlog = () => h.metric('herald_dispatcher_parked_tasks', { reason: 'backlog' });
    await pollUntil(async () => gate.held() === 2 && (await backlog()) === 14, {
      what: '2 requests in flight, 4 queued and 14 parked as backlog',
      timeoutMs: 15_000,
    });

    gate.open();
    await pollUntil(() => gate.distinct() === 20, {
      what: 'all 20 tasks delivered, the 14 parked ones included',
      timeoutMs: 15_000,
    });
    expect(await backlog()).toBe(0);
    await pollUntil(async () => (await h.unfinishedTasks()) === 0, {
      what: 'every task acked',
    });
  }, 45_000);
});
