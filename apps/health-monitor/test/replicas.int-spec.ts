import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { Kvm, type KV } from '@nats-io/kv';
import { HEALTH_PARTITIONS, REGISTRY_KEYS, partitionOf } from '@herald/contracts';
import { Platform, pollUntil, TEST_NATS_URL } from '@herald/testing';
import { HealthPartitions } from '../src/partitions/health-partitions.js';
import { outcomeFor, type SeededTenant } from './fixtures.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Two health-monitor replicas on one database and namespace: this test's
 * app (replica A) and a separate process (replica B) that the test can
 * kill -9. They split the partitions through their leases, each endpoint's
 * attempts are counted by one of them only, both answer for every endpoint,
 * and A takes B's partitions over once B's leases expire.
 */
/** 2 s keeps the test short; HERALD_TEST_LEASE_TTL_MS=15000 measures the default. */
const LEASE_TTL_MS = Number(process.env.HERALD_TEST_LEASE_TTL_MS ?? 2_000);
const THRESHOLD = 10;
const root = path.resolve(import.meta.dirname, '../../..');

describe('two health-monitor replicas (real NATS + Postgres)', () => {
  let h: Harness;
  let platform: Platform;
  let leases: KV;
  let apiKeys: Map<string, string>;

  /** partition → the replica id holding its lease, read from the bucket. */
  const holders = async () => {
    const held = new Map<number, string>();
    for await (const key of await leases.keys('partition.>')) {
      const entry = await leases.get(key);
      if (entry?.operation === 'PUT') held.set(Number(key.split('.')[1]), entry.string());
    }
    return held;
  };
  const replicaA = () => h.app.get(HealthPartitions);
  /** Runs `stop` (another replica leaving), then measures how long until A holds every partition. */
  const timeToHoldAll = async (stop: () => Promise<unknown>, what: string): Promise<number> => {
    const started = Date.now();
    await stop();
    await pollUntil(() => replicaA().owned().length === HEALTH_PARTITIONS, {
      timeoutMs: 10 * LEASE_TTL_MS,
      intervalMs: 50,
      what: 'replica A holding every partition',
    });
    const ms = Date.now() - started;
    process.stdout.write(`${what}: ${ms} ms (lease TTL ${LEASE_TTL_MS} ms)\n`);
    return ms;
  };

  const health = async (base: string, endpointId: string) => {
    const response = await fetch(`${base}/v1/endpoints/${endpointId}/health`, {
      headers: { authorization: `Bearer ${apiKeys.get(endpointId)}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      state: string;
      consecutiveFailures: number;
      histogram: { slowThresholdMs: number; totals: { error: number; slow: number } };
    };
  };
  const urlOfA = () => {
    const address = h.app.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  };

  beforeAll(async () => {
    const env = {
      HERALD_HEALTH_LEASE_TTL: `${LEASE_TTL_MS}ms`,
      HERALD_PAUSE_THRESHOLD: String(THRESHOLD),
      HERALD_PAUSE_WINDOW: '10m',
      HERALD_PAUSE_DURATION: '10m',
    };
    h = await startHarness(env);
    leases = await new Kvm(h.nats.js).open(h.nats.ns.healthPartitionsBucket);
    expect(replicaA().owned()).toHaveLength(HEALTH_PARTITIONS);
    platform = new Platform(
      root,
      {
        NATS_URL: TEST_NATS_URL,
        DATABASE_URL: h.config.DATABASE_URL,
        HERALD_NAMESPACE: h.namespace,
        LOG_LEVEL: 'warn',
        ...env,
      },
      90_000,
    );
    apiKeys = new Map();
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await h?.close();
  });

  it('splits the partitions between the replicas, half each', async () => {
    const started = Date.now();
    await platform.startService('health-monitor', 2);
    const held = await pollUntil(
      async () => {
        const now = await holders();
        const mine = replicaA().owned();
        const theirs = [...now].filter(([, id]) => id !== replicaA().replicaId).map(([p]) => p);
        return mine.length === HEALTH_PARTITIONS / 2 &&
          theirs.length === HEALTH_PARTITIONS / 2 &&
          now.size === HEALTH_PARTITIONS
          ? now
          : null;
      },
      { timeoutMs: 10 * LEASE_TTL_MS, what: 'the partitions split half and half' },
    );
    process.stdout.write(
      `health partitions split between 2 replicas in ${Date.now() - started} ms (B's start included)\n`,
    );
    const mine = new Set(replicaA().owned());
    for (const [p, id] of held) expect(id === replicaA().replicaId).toBe(mine.has(p));
    const heldBy = async (base: string) => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/^herald_health_partitions_held(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1]);
    };
    expect(await heldBy(urlOfA())).toBe(HEALTH_PARTITIONS / 2);
    expect(await heldBy(platform.url('health-monitor#2'))).toBe(HEALTH_PARTITIONS / 2);
  }, 120_000);

  let onA: SeededTenant;
  let onB: SeededTenant;

  it('counts every failure once: an endpoint on each replica pauses after threshold + 1, alerted once', async () => {
    const mine = new Set(replicaA().owned());
    const seeded: SeededTenant[] = [];
    await pollUntil(
      async () => {
        const tenant = await h.tenant();
        apiKeys.set(tenant.endpointId, tenant.apiKey);
        seeded.push(tenant);
        return (
          seeded.some((t) => mine.has(partitionOf(t.endpointId))) &&
          seeded.some((t) => !mine.has(partitionOf(t.endpointId)))
        );
      },
      { what: 'an endpoint in a partition of each replica' },
    );
    onA = seeded.find((t) => mine.has(partitionOf(t.endpointId)))!;
    onB = seeded.find((t) => !mine.has(partitionOf(t.endpointId)))!;

    for (const tenant of [onA, onB]) {
      for (let i = 0; i <= THRESHOLD; i++) {
        await h.deliver(
          outcomeFor(tenant, { outcome: 'failure', reason: 'http_status', statusCode: 503 }),
        );
      }
    }
    const state = await h.stateBucket();
    for (const tenant of [onA, onB]) {
      // Acked means durable: the pause (decided by the one replica that saw all 11) is stored.
      const paused = await state.get(REGISTRY_KEYS.endpoint(tenant.endpointId));
      expect(paused?.operation).toBe('PUT');
      const alerts = (await h.alerts()).filter(
        (a) => a.signal.kind === 'endpoint.paused' && a.signal.endpointId === tenant.endpointId,
      );
      expect(alerts).toHaveLength(1);
    }
    // Both replicas answer for both endpoints: the holder from memory, the other from the log.
    const b = platform.url('health-monitor#2');
    for (const tenant of [onA, onB]) {
      for (const base of [urlOfA(), b]) {
        const view = await health(base, tenant.endpointId);
        expect(view.histogram.totals.error).toBe(THRESHOLD + 1);
        expect(view.state).toBe('paused');
      }
    }
  }, 120_000);

  it('applies a slow threshold set through the other replica where the endpoint is counted', async () => {
    await h.deliver(outcomeFor(onA, { latencyMs: 500 }));
    const before = await health(urlOfA(), onA.endpointId);
    expect(before.histogram.totals.slow).toBe(0);
    // Set through replica B; replica A holds the endpoint's partition.
    const response = await fetch(
      `${platform.url('health-monitor#2')}/v1/endpoints/${onA.endpointId}/health/settings`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${onA.apiKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ slowThresholdMs: 100 }),
      },
    );
    expect(response.status).toBe(200);
    const after = await pollUntil(
      async () => {
        const view = await health(urlOfA(), onA.endpointId);
        return view.histogram.slowThresholdMs === 100 && view.histogram.totals.slow === 1
          ? view
          : null;
      },
      { what: 'replica A recounting the window with the new threshold' },
    );
    expect(after.histogram.totals.error).toBe(THRESHOLD + 1);
  }, 60_000);

  it('takes a killed replica’s partitions over once its leases expire, rebuilt from the log', async () => {
    const takeOverMs = await timeToHoldAll(
      () => platform.stopService('health-monitor#2', 'SIGKILL'),
      "take-over of a killed replica's partitions",
    );
    // The lease expires after the TTL; A's next round (every TTL/3) takes it, then rebuilds.
    expect(takeOverMs).toBeLessThan(LEASE_TTL_MS * 2 + 3_000);
    expect([...(await holders()).values()].every((id) => id === replicaA().replicaId)).toBe(true);

    // B's endpoint is now counted by A, on top of what A rebuilt from the log, still once each.
    await h.deliver(
      outcomeFor(onB, { outcome: 'failure', reason: 'http_status', statusCode: 503 }),
    );
    const view = await health(urlOfA(), onB.endpointId);
    expect(view.histogram.totals.error).toBe(THRESHOLD + 2);
    const alerts = (await h.alerts()).filter(
      (a) => a.signal.kind === 'endpoint.paused' && a.signal.endpointId === onB.endpointId,
    );
    expect(alerts).toHaveLength(1);
  }, 120_000);

  it('hands a stopping replica’s partitions over at once, without waiting for the TTL', async () => {
    await platform.startService('health-monitor', 3);
    await pollUntil(() => replicaA().owned().length === HEALTH_PARTITIONS / 2, {
      timeoutMs: 10 * LEASE_TTL_MS,
      what: 'a new replica taking half the partitions',
    });
    // SIGTERM: the replica stops its consumers, writes its records and deletes its leases.
    const handOverMs = await timeToHoldAll(
      () => platform.stopService('health-monitor#3', 'SIGTERM'),
      "hand-over of a stopping replica's partitions",
    );
    expect(handOverMs).toBeLessThan(LEASE_TTL_MS + 1_000);
    const view = await health(urlOfA(), onB.endpointId);
    expect(view.histogram.totals.error).toBe(THRESHOLD + 2);
  }, 120_000);
});
