import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  REGISTRY_KEYS,
  type AlertKind,
  type AlertSignal,
  type ApiKeyRole,
  type EndpointView,
} from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import { openRegistryBucket, RegistryView } from '@herald/registry-view';
import { generateApiKey, hashApiKey } from '@herald/api-auth';
import {
  anEndpointView,
  baseUrl,
  createTestDatabase,
  dropNamespace,
  forSuite,
  inProcessEnv,
  pollUntil,
  TEST_NATS_URL,
  uniqueNamespace,
  randomAdminToken,
} from '@herald/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { startAlerting } from '../src/app.js';
import { aSignal } from '../src/unit-fixtures.js';
import { loadAlertingConfig } from '../src/config.js';

export const ADMIN_TOKEN = randomAdminToken();

/** A JSON request to the API of the alerting instance at `base`: status, Retry-After and body. */
export async function apiRequest<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (text ? JSON.parse(text) : null) as T,
  };
}

/**
 * One alerting app on the real NATS and Postgres, isolated by a fresh database
 * and namespace, plus the test's own NATS connection to publish signals and
 * seed the registry's read model (tenants, API keys, endpoints). Receivers
 * on 127.0.0.1 are allowed through the development allow-list.
 */
export async function startHarness(env: Record<string, string> = {}) {
  const namespace = uniqueNamespace('al');
  const db = await createTestDatabase();
  const config = loadAlertingConfig({
    ...inProcessEnv('alerting', namespace, db.url),
    HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
    HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
    ...env,
  });
  const app: NestExpressApplication = await startAlerting(config);
  const replicas: NestExpressApplication[] = [];
  const base = baseUrl(app);
  const nats = await NatsClient.connect({
    url: TEST_NATS_URL,
    namespace,
    service: 'alerting-test',
    topics: ['alert.v1'],
  });
  const publisher = new Publisher(nats);
  const kv = await openRegistryBucket(nats);
  const view = app.get(RegistryView);

  const harness = {
    app,
    nats,
    metrics: async () => (await fetch(`${base}/metrics`)).text(),
    query: <T>(sql: string, params: unknown[] = []) => app.get(DataSource).query<T[]>(sql, params),

    /** A JSON request to alerting's API. */
    async api(method: string, path: string, token: string, body?: unknown) {
      const answer = await apiRequest(base, method, path, token, body);
      return { status: answer.status, body: answer.body };
    },

    /** A tenant with an API key of `role` (admin by default), loaded into the app's read model. */
    async tenant(role: ApiKeyRole = 'admin'): Promise<{ tenantId: string; apiKey: string }> {
      const tenantId = randomUUID();
      await kv.put(REGISTRY_KEYS.tenant(tenantId), JSON.stringify({ id: tenantId, name: 't' }));
      const apiKey = await harness.apiKey(tenantId, role);
      return { tenantId, apiKey };
    },

    async apiKey(tenantId: string, role: ApiKeyRole): Promise<string> {
      const apiKey = generateApiKey();
      const hash = hashApiKey(apiKey);
      await kv.put(
        REGISTRY_KEYS.apiKey(hash),
        JSON.stringify({ keyId: randomUUID(), tenantId, role }),
      );
      await pollUntil(() => view.apiKey(hash) && view.tenant(tenantId), {
        what: `tenant ${tenantId} in alerting's read model`,
      });
      return apiKey;
    },

    /** An endpoint with secrets and custom headers, as the registry would publish it. */
    async endpoint(tenantId: string, fields: Partial<EndpointView> = {}): Promise<EndpointView> {
      const endpoint = anEndpointView({ tenantId, ...fields });
      await kv.put(REGISTRY_KEYS.endpoint(endpoint.id), JSON.stringify(endpoint));
      await pollUntil(() => view.endpoint(endpoint.id), { what: `endpoint ${endpoint.id}` });
      return endpoint;
    },

    /** Publishes a signal and waits until alerting has acked it (after any retries). */
    async deliver(signal: AlertSignal, msgId = signal.alertId, timeoutMs = 15_000): Promise<void> {
      const ack = await publisher.publish('alert.v1', signal.kind, signal, msgId);
      const stream = nats.ns.stream('alert.v1');
      const durable = nats.ns.consumer('alert.v1', 'alerting');
      await pollUntil(
        async () =>
          (await nats.jsm.consumers.info(stream, durable)).ack_floor.stream_seq >= ack.seq,
        { what: `alert ${signal.alertId} (seq ${ack.seq}) to be acked`, timeoutMs },
      );
    },

    /**
     * Another alerting on the same database and namespace, as a second
     * replica would be; it knows `apiKeys` before this returns. Closed by `close()`.
     */
    async replica(...apiKeys: string[]): Promise<{ url: string }> {
      const other = await startAlerting(config);
      replicas.push(other);
      const otherView = other.get(RegistryView);
      for (const apiKey of apiKeys) {
        await pollUntil(() => otherView.apiKey(hashApiKey(apiKey)), {
          what: 'API key in the replica read model',
        });
      }
      return { url: baseUrl(other) };
    },

    /** The app's base URL. */
    url: base,

    async close(): Promise<void> {
      for (const replica of replicas) await replica.close();
      await app.close();
      await nats.connection.close();
      await dropNamespace(TEST_NATS_URL, namespace);
      await db.drop();
    },
  };
  return harness;
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * One harness for the tests of the enclosing `describe`; `env` is a function
 * when it names something started by an earlier hook (a receiver's URL).
 */
export function harnessForSuite(
  env: Record<string, string> | (() => Record<string, string>) = {},
): Harness {
  return forSuite(() => startHarness(typeof env === 'function' ? env() : env));
}

/** A signal of `kind` with a fresh id and endpoint, happening now, as the health-monitor would publish it. */
export function signalOf<K extends Exclude<AlertKind, 'test'>>(
  kind: K,
  fields: { tenantId?: string; endpointId?: string; occurredAt?: string } = {},
): Extract<AlertSignal, { kind: K }> {
  return {
    ...aSignal(kind),
    tenantId: fields.tenantId ?? 'ten_1',
    endpointId: fields.endpointId ?? `ep_${randomBytes(6).toString('hex')}`,
    occurredAt: fields.occurredAt ?? new Date().toISOString(),
  };
}

/** A delivery.exhausted signal with a fresh id and endpoint. */
export const exhaustedSignal = (): AlertSignal => signalOf('delivery.exhausted');

export interface AlertRow {
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
  payload: unknown;
}

export const ALERT_ROW_SQL =
  'SELECT status, attempts, last_error, sent_at, payload FROM alerts WHERE alert_id = $1';
