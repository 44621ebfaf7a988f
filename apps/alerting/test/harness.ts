import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import type { AlertSignal } from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import {
  createTestDatabase,
  dropNamespace,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import { startAlerting } from '../src/app.js';
import { aSignal } from '../src/alerts/fixtures.js';
import { loadAlertingConfig } from '../src/config.js';

/**
 * One alerting app on the real NATS and Postgres, isolated by a fresh database
 * and namespace, plus the test's own NATS connection to publish signals.
 */
export async function startHarness(env: Record<string, string> = {}) {
  const namespace = uniqueNamespace('al');
  const db = await createTestDatabase();
  const app: NestExpressApplication = await startAlerting(
    loadAlertingConfig({
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      HERALD_NAMESPACE: namespace,
      HERALD_ALERTING_PORT: '0',
      HERALD_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const nats = await NatsClient.connect({
    url: TEST_NATS_URL,
    namespace,
    service: 'alerting-test',
    topics: ['alert.v1'],
  });
  const publisher = new Publisher(nats);

  return {
    app,
    metrics: async () => (await fetch(`${base}/metrics`)).text(),
    query: <T>(sql: string, params: unknown[] = []) => app.get(DataSource).query<T[]>(sql, params),

    /** Publishes a signal and waits until alerting has acked it (after any retries). */
    async deliver(signal: AlertSignal, msgId = signal.alertId): Promise<void> {
      const ack = await publisher.publish('alert.v1', signal.kind, signal, msgId);
      const stream = nats.ns.stream('alert.v1');
      const durable = nats.ns.consumer('alert.v1', 'alerting');
      await pollUntil(
        async () =>
          (await nats.jsm.consumers.info(stream, durable)).ack_floor.stream_seq >= ack.seq,
        { what: `alert ${signal.alertId} (seq ${ack.seq}) to be acked`, timeoutMs: 15_000 },
      );
    },

    async close(): Promise<void> {
      await app.close();
      await nats.connection.close();
      await dropNamespace(TEST_NATS_URL, namespace);
      await db.drop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A delivery.exhausted signal with a fresh id, as the health-monitor would publish it. */
export function exhaustedSignal(): AlertSignal {
  return { ...aSignal('delivery.exhausted'), occurredAt: new Date().toISOString() };
}

export interface AlertRow {
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  payload: unknown;
}

export const ALERT_ROW_SQL =
  'SELECT status, attempts, last_error, sent_at, payload FROM alerts WHERE alert_id = $1';
