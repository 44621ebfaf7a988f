import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, pollUntil, REPO_ROOT, TestStack } from '@herald/testing';

/**
 * examples/receivers/node/receiver.mjs verifies a real delivery: the four
 * delivery services as processes, an endpoint pointing at the example, an
 * event published over HTTP; the example prints `verified <webhook-id>`
 * with the payload, and the attempt log shows its 204. A delivery signed
 * with another secret (the endpoint's secret rotated away from the one the
 * example holds, after the grace) is rejected with 400.
 */
const ADMIN_TOKEN = 'e2e-receiver-admin-token-9d0e';

describe('the Node receiver example', () => {
  const stack = new TestStack({
    prefix: 'rcv',
    adminToken: ADMIN_TOKEN,
    services: ['registry', 'ingest', 'dispatcher', 'health-monitor'],
    env: { HERALD_SECRET_ROTATION_GRACE: '1ms', HERALD_RETRY_SCHEDULE: '100ms' },
  });
  let example: ChildProcess | undefined;
  let output = '';

  const api = (service: string, method: string, route: string, token: string, body?: unknown) =>
    stack.api<Record<string, unknown> & { data?: Record<string, unknown>[] }>(
      service,
      method,
      route,
      body,
      token,
    );

  beforeAll(() => stack.start(), 180_000);

  afterAll(async () => {
    example?.kill('SIGTERM');
    await stack.stop();
  }, 60_000);

  it('verifies a real delivery with the standardwebhooks library, and rejects a wrong signature', async () => {
    const { apiKey: key } = await stack.tenant('receiver-co', ['order.paid']);
    const port = await freePort();
    const endpoint = await api('registry', 'POST', '/v1/endpoints', key, {
      url: `http://127.0.0.1:${port}/hooks`,
      eventTypes: ['order.paid'],
    });
    expect(endpoint.status).toBe(201);
    const endpointId = String(endpoint.body.id);

    example = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'examples/receivers/node/receiver.mjs')],
      {
        env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: String(endpoint.body.secret) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
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
