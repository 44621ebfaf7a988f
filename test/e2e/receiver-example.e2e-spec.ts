import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  createTestDatabase,
  dropNamespace,
  Platform,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';

/**
 * examples/receivers/node/receiver.mjs verifies a real delivery: the four
 * delivery services as processes, an endpoint pointing at the example, an
 * event published over HTTP; the example prints `verified <webhook-id>`
 * with the payload, and the attempt log shows its 204. A delivery signed
 * with another secret (the endpoint's secret rotated away from the one the
 * example holds, after the grace) is rejected with 400.
 */
const ADMIN_TOKEN = 'e2e-receiver-admin-token-9d0e';
const root = path.resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the Node receiver example', () => {
  const namespace = uniqueNamespace('rcv');
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let platform: Platform;
  let example: ChildProcess | undefined;
  let output = '';

  const api = async (
    service: 'registry' | 'ingest' | 'health-monitor',
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
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown> & {
        data?: Record<string, unknown>[];
      },
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    platform = new Platform(root, {
      NATS_URL: TEST_NATS_URL,
      DATABASE_URL: db.url,
      HERALD_NAMESPACE: namespace,
      HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
      HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
      HERALD_SECRET_ROTATION_GRACE: '1ms',
      HERALD_RETRY_SCHEDULE: '100ms',
    });
    await platform.start(['registry', 'ingest', 'dispatcher', 'health-monitor']);
  }, 180_000);

  afterAll(async () => {
    example?.kill('SIGTERM');
    await platform?.stop();
    await db?.drop();
    await dropNamespace(TEST_NATS_URL, namespace);
  }, 60_000);

  it('verifies a real delivery with the standardwebhooks library, and rejects a wrong signature', async () => {
    const tenant = await api('registry', 'POST', '/v1/tenants', ADMIN_TOKEN, {
      name: 'receiver-co',
    });
    const key = String(tenant.body.apiKey);
    await api('registry', 'POST', '/v1/event-types', key, { name: 'order.paid' });
    const port = await freePort();
    const endpoint = await api('registry', 'POST', '/v1/endpoints', key, {
      url: `http://127.0.0.1:${port}/hooks`,
      eventTypes: ['order.paid'],
    });
    expect(endpoint.status).toBe(201);
    const endpointId = String(endpoint.body.id);

    example = spawn(process.execPath, [path.join(root, 'examples/receivers/node/receiver.mjs')], {
      env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: String(endpoint.body.secret) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    example.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    example.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(() => output.includes(`listening on :${port}`), {
      what: 'the example listening',
    });

    const published = await api('ingest', 'POST', '/v1/events', key, {
      type: 'order.paid',
      payload: { order: 7 },
    });
    const messageId = String(published.body.id);
    await pollUntil(() => output.includes(`verified ${messageId}: {"order":7}`), {
      timeoutMs: 30_000,
      what: `the example to verify ${messageId}; it printed:\n${output}`,
    });
    const attempts = await pollUntil(
      async () => {
        const log = await api('health-monitor', 'GET', `/v1/endpoints/${endpointId}/attempts`, key);
        return log.body.data?.length ? log.body.data : undefined;
      },
      { timeoutMs: 30_000, what: 'the attempt logged' },
    );
    expect(attempts[0]).toMatchObject({ messageId, statusCode: 204, outcome: 'success' });

    // Rotate the secret (grace 1 ms): Herald now signs with a secret the example does not hold.
    await api('registry', 'POST', `/v1/endpoints/${endpointId}/secret/rotate`, key);
    await pollUntil(
      async () => {
        const sent = await api('ingest', 'POST', '/v1/events', key, {
          type: 'order.paid',
          payload: { order: 8 },
        });
        return sent.status === 202 && output.includes('rejected:');
      },
      {
        timeoutMs: 30_000,
        intervalMs: 1_000,
        what: `a rejected delivery; the example printed:\n${output}`,
      },
    );
    expect(output).not.toContain('{"order":8}');
  }, 120_000);
});
