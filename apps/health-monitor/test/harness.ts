import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { Kvm, type KV } from '@nats-io/kv';
import {
  ATTEMPT_BATCH_TOKEN,
  partitionOf,
  alertSignalSchema,
  endpointControlSchema,
  type AlertSignal,
  type AttemptOutcome,
  type DeferralReport,
  type EndpointControl,
} from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import { RegistryView } from '@herald/registry-view';
import {
  baseUrl,
  createTestDatabase,
  dropNamespace,
  forSuite,
  inProcessEnv,
  peekStream,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import { startHealthMonitor } from '../src/app.js';
import { loadHealthMonitorConfig } from '../src/config.js';
import { seedTenant, type SeededTenant } from './fixtures.js';

/**
 * One health-monitor process-in-a-test on the real NATS and Postgres, isolated
 * by a fresh database and namespace, plus a NATS connection of the test's own
 * to seed the registry bucket, publish attempt outcomes and read what the app
 * published. `restart()` replaces the app with a new one on the same database
 * and namespace, as a process restart would.
 */
export async function startHarness(env: Record<string, string> = {}) {
  const namespace = uniqueNamespace('hm');
  const db = await createTestDatabase();
  const config = loadHealthMonitorConfig({
    ...inProcessEnv('health-monitor', namespace, db.url),
    ...env,
  });
  let app: NestExpressApplication = await startHealthMonitor(config);
  const base = () => baseUrl(app);
  const nats = await NatsClient.connect({
    url: TEST_NATS_URL,
    namespace,
    service: 'health-monitor-test',
    topics: ['attempt.v1', 'alert.v1', 'endpoint-control.v1', 'deferral.v1'],
  });
  const publisher = new Publisher(nats);
  /** Waits until the health-monitor's consumer of the key's partition has acked `seq`. */
  const acked = async (
    topic: 'attempt.v1' | 'deferral.v1',
    key: string,
    seq: number,
    what: string,
  ): Promise<void> => {
    const stream = nats.ns.stream(topic);
    const durable = nats.ns.partitionConsumer(topic, 'health-monitor', partitionOf(key));
    await pollUntil(
      async () => (await nats.jsm.consumers.info(stream, durable)).ack_floor.stream_seq >= seq,
      { what: `${what} (seq ${seq}) to be acked` },
    );
  };
  let stateBucket: KV | null = null;
  const replicas: NestExpressApplication[] = [];

  const get = (path: string, apiKey?: string) =>
    fetch(`${base()}${path}`, {
      headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
    });

  return {
    get app() {
      return app;
    },
    /** HERALD_NAMESPACE of this harness (also the metrics' `herald_namespace` label). */
    namespace,
    /** The app's configuration, for another replica on the same database and namespace. */
    config,
    nats,
    get,
    /** The app's base URL. */
    url: base,
    metrics: async () => (await get('/metrics')).text(),
    query: <T>(sql: string, params: unknown[] = []) => app.get(DataSource).query<T[]>(sql, params),

    /** Seeds a tenant and waits until the app's read model has it. */
    async tenant(): Promise<SeededTenant> {
      const seeded = await seedTenant(nats);
      const view = app.get(RegistryView);
      await pollUntil(() => view.apiKey(seeded.apiKeyHash) && view.endpoint(seeded.endpointId), {
        what: `registry view to load tenant ${seeded.id}`,
      });
      return seeded;
    },

    /** Publishes an outcome and waits until the health-monitor has acked it. */
    async deliver(outcome: AttemptOutcome, msgId = outcome.attemptId): Promise<void> {
      const ack = await publisher.publish('attempt.v1', outcome.endpointId, outcome, msgId);
      await acked('attempt.v1', outcome.endpointId, ack.seq, `attempt ${outcome.attemptId}`);
    },

    /**
     * Publishes outcomes of one health partition as one batch message, as a
     * busy dispatcher does, and waits until the health-monitor has acked it.
     */
    async deliverBatch(outcomes: AttemptOutcome[], msgId: string): Promise<void> {
      const partition = partitionOf(outcomes[0]!.endpointId);
      const ack = await publisher.publishEncoded(
        'attempt.v1',
        nats.ns.partitionSubject('attempt.v1', partition, ATTEMPT_BATCH_TOKEN),
        new TextEncoder().encode(JSON.stringify({ outcomes })),
        msgId,
      );
      const stream = nats.ns.stream('attempt.v1');
      const durable = nats.ns.partitionConsumer('attempt.v1', 'health-monitor', partition);
      await pollUntil(
        async () =>
          (await nats.jsm.consumers.info(stream, durable)).ack_floor.stream_seq >= ack.seq,
        { what: `batch ${msgId} (seq ${ack.seq}) to be acked` },
      );
    },

    /** Publishes a dispatcher's rejection report and waits until the health-monitor has acked it. */
    async report(report: DeferralReport): Promise<void> {
      const ack = await publisher.publish(
        'deferral.v1',
        report.endpointId,
        report,
        report.reportId,
      );
      await acked('deferral.v1', report.endpointId, ack.seq, `report ${report.reportId}`);
    },

    /** Every command sent to the registry (nothing consumes the stream here). */
    async commands(): Promise<EndpointControl[]> {
      const messages = await peekStream(TEST_NATS_URL, nats.ns.stream('endpoint-control.v1'));
      return messages.map((m) => endpointControlSchema.parse(JSON.parse(m.data)));
    },

    /** An authenticated JSON request to the health-monitor. */
    async send(method: string, path: string, apiKey: string, body?: unknown) {
      const response = await fetch(`${base()}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },

    /** The endpoint-state bucket, as a dispatcher would open it. */
    async stateBucket(): Promise<KV> {
      stateBucket ??= await new Kvm(nats.js).open(nats.ns.endpointStateBucket);
      return stateBucket;
    },

    /** Every alert signal in the alert stream (nothing consumes it here), with its Nats-Msg-Id. */
    async alerts(): Promise<{ msgId: string; signal: AlertSignal }[]> {
      const messages = await peekStream(TEST_NATS_URL, nats.ns.stream('alert.v1'));
      return messages.map((m) => ({
        msgId: m.headers['Nats-Msg-Id'] ?? '',
        signal: alertSignalSchema.parse(JSON.parse(m.data)),
      }));
    },

    async restart(): Promise<void> {
      await app.close();
      app = await startHealthMonitor(config);
    },

    /**
     * A second health-monitor on the same database and namespace, as another
     * replica would be; it knows `apiKeyHashes` before this returns. Closed by `close()`.
     */
    async replica(...apiKeyHashes: string[]): Promise<{ url: string }> {
      const other = await startHealthMonitor(config);
      replicas.push(other);
      const view = other.get(RegistryView);
      for (const hash of apiKeyHashes) {
        await pollUntil(() => view.apiKey(hash), { what: 'API key in the replica read model' });
      }
      return { url: baseUrl(other) };
    },

    async close(): Promise<void> {
      for (const replica of replicas) await replica.close();
      await app.close();
      await nats.connection.close();
      await dropNamespace(TEST_NATS_URL, namespace);
      await db.drop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** One harness for the tests of the enclosing `describe`, started with `env`. */
export function harnessForSuite(env: Record<string, string> = {}): Harness {
  return forSuite(() => startHarness(env));
}
