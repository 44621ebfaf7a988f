import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  LateProxy,
  NatsServers,
  pollUntil,
  SERVICE_NAMES,
  TEST_PG_URL,
  TestStack,
  type RunningService,
} from '@herald/testing';

/**
 * Each service started while NATS, then Postgres, does not answer: the
 * process stays up, `/healthz` answers 200, `/readyz` 503, and once the
 * dependency answers the service is ready within 2 s (its backoff is capped
 * at 1 s). NATS is a private nats-server started late on the port the
 * service was given; Postgres is the shared server behind a proxy whose port
 * opens late.
 */
const READY_AFTER_DEPENDENCY_MS = 2_000;

const status = async (service: RunningService, route: string) =>
  (await fetch(`${service.url}${route}`)).status;

/** Waits until the service logs that it is retrying `dependency`, and checks it is alive but not ready. */
async function expectWaiting(service: RunningService, dependency: string): Promise<void> {
  await pollUntil(
    () => {
      if (service.process.exitCode !== null) {
        throw new Error(`${service.name} exited: ${service.output.join('').slice(-2000)}`);
      }
      return service.output.join('').includes(`waiting for ${dependency}`);
    },
    { timeoutMs: 60_000, intervalMs: 50, what: `${service.name} waiting for ${dependency}` },
  );
  expect(await status(service, '/healthz')).toBe(200);
  expect(await status(service, '/readyz')).toBe(503);
  expect(service.process.exitCode).toBeNull();
}

/** Milliseconds from now until `/readyz` answers 200. */
async function timeToReady(service: RunningService): Promise<number> {
  const started = Date.now();
  await pollUntil(async () => (await status(service, '/readyz')) === 200, {
    timeoutMs: 30_000,
    intervalMs: 20,
    what: `${service.name} ready`,
  });
  return Date.now() - started;
}

describe('start-up while a dependency is down', () => {
  // Each test launches one service itself, against a dependency that answers late.
  const stack = new TestStack({
    prefix: 'boot',
    adminToken: 'startup-admin-token-0123456789',
    services: [],
    env: { LOG_LEVEL: 'info' },
  });
  const figures: string[] = [];

  beforeAll(() => stack.start());

  afterAll(async () => {
    await stack.stop();
    console.log(`time to ready after the dependency answered:\n  ${figures.join('\n  ')}`);
  });

  describe.each(SERVICE_NAMES)('%s', (name) => {
    it('stays alive while NATS is down and is ready within 2 s of NATS answering', async () => {
      const nats = await NatsServers.create(1);
      try {
        const service = await stack.platform.launch(name, { NATS_URL: nats.url() });
        await expectWaiting(service, 'NATS');
        await nats.start(); // resolves once the port accepts connections
        const elapsed = await timeToReady(service);
        figures.push(`${name} after NATS: ${elapsed} ms`);
        expect(elapsed).toBeLessThan(READY_AFTER_DEPENDENCY_MS);
      } finally {
        await stack.platform.stopService(name);
        await nats.stop();
      }
    }, 120_000);

    it('stays alive while Postgres is down and is ready within 2 s of Postgres answering', async () => {
      const target = new URL(TEST_PG_URL);
      const proxy = await LateProxy.create({
        host: target.hostname,
        port: Number(target.port || 5432),
      });
      try {
        const url = new URL(stack.db.url);
        url.port = String(proxy.port);
        const service = await stack.platform.launch(name, { DATABASE_URL: url.toString() });
        await expectWaiting(service, 'Postgres');
        await proxy.open();
        const elapsed = await timeToReady(service);
        figures.push(`${name} after Postgres: ${elapsed} ms`);
        expect(elapsed).toBeLessThan(READY_AFTER_DEPENDENCY_MS);
      } finally {
        await stack.platform.stopService(name);
        await proxy.close();
      }
    }, 120_000);
  });
});
