import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  deliveryMessageSchema,
  Namespace,
  tasksOf,
  REGISTRY_KEYS,
  type ApiKeyRole,
  type DeliveryTask,
  type EndpointView,
} from '@herald/contracts';
import { RegistryView } from '@herald/registry-view';
import { generateApiKey, hashApiKey } from '@herald/api-auth';
import {
  baseUrl,
  createTestDatabase,
  dropNamespace,
  forSuite,
  inProcessEnv,
  peekStream,
  pollUntil,
  RegistrySeed,
  seriesValue,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import { startIngest } from '../src/app.js';
import { loadIngestConfig } from '../src/config.js';

type EndpointFields = Parameters<RegistrySeed['endpoint']>[1];

export interface PublishedTask {
  task: DeliveryTask;
  subject: string;
  msgId: string;
}

/**
 * Ingest on real NATS and Postgres in its own namespace and database, with a
 * registry seed and a SQL client — one per test file, so files run in parallel.
 */
export class IngestHarness {
  readonly namespace = uniqueNamespace();
  db!: Awaited<ReturnType<typeof createTestDatabase>>;
  seed!: RegistrySeed;
  app!: INestApplication;
  sql!: pg.Client;

  private constructor(private readonly env: Record<string, string>) {}

  static async start(env: Record<string, string> = {}): Promise<IngestHarness> {
    const harness = new IngestHarness(env);
    await harness.open();
    return harness;
  }

  /** One harness for the tests of the enclosing `describe`, started with `env`. */
  static forSuite(env: Record<string, string> = {}): IngestHarness {
    return forSuite(() => IngestHarness.start(env));
  }

  private async open(): Promise<void> {
    this.db = await createTestDatabase();
    this.seed = await RegistrySeed.open(TEST_NATS_URL, this.namespace);
    this.app = await startIngest(
      loadIngestConfig({
        ...inProcessEnv('ingest', this.namespace, this.db.url),
        HERALD_UNKNOWN_TENANT_GRACE: '0ms',
        ...this.env,
      }),
    );
    this.sql = new pg.Client({ connectionString: this.db.url });
    await this.sql.connect();
  }

  get base(): string {
    return baseUrl(this.app);
  }

  get view(): RegistryView {
    return this.app.get(RegistryView);
  }

  /**
   * An API key with any role, written into the read model the way the
   * registry does (RegistrySeed only makes admin keys); resolves once ingest sees it.
   */
  async apiKey(tenantId: string, role: ApiKeyRole): Promise<string> {
    const apiKey = generateApiKey();
    const hash = hashApiKey(apiKey);
    await this.view.kv.put(
      REGISTRY_KEYS.apiKey(hash),
      JSON.stringify({ keyId: randomUUID(), tenantId, role }),
    );
    await pollUntil(() => this.view.apiKey(hash), { what: `${role} key in the read model` });
    return apiKey;
  }

  /** Seeds endpoints of the tenant, in order, and waits until ingest's read model holds them all. */
  async endpoints<F extends EndpointFields[]>(
    tenantId: string,
    ...fields: F
  ): Promise<{ [K in keyof F]: EndpointView }> {
    const views: EndpointView[] = [];
    for (const item of fields) views.push(await this.seed.endpoint(tenantId, item));
    await pollUntil(() => views.every((view) => this.view.endpoint(view.id) !== undefined), {
      what: `${views.length} endpoints of ${tenantId} in the read model`,
    });
    return views as { [K in keyof F]: EndpointView };
  }

  /** Waits until ingest's read model holds this many endpoints of the tenant. */
  async endpointsVisible(tenantId: string, count: number): Promise<void> {
    await pollUntil(() => [...this.view.endpointsOf(tenantId)].length === count, {
      what: `${count} endpoints of ${tenantId} in the read model`,
    });
  }

  request(method: string, path: string, apiKey: string | null, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`;
    return fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /**
   * Every delivery task in the deliver stream, with the subject and
   * de-duplication id of the message that holds it (alone or in a batch).
   */
  async tasks(): Promise<PublishedTask[]> {
    return (await this.deliverMessages()).flatMap((m) =>
      tasksOf(deliveryMessageSchema.parse(JSON.parse(m.data))).map((task) => ({
        task,
        subject: m.subject,
        msgId: m.headers['Nats-Msg-Id'] ?? '',
      })),
    );
  }

  /** Waits until every one of `messageIds` is marked fanned out (all its tasks stored in JetStream). */
  async fannedOut(messageIds: string[], timeoutMs = 10_000): Promise<void> {
    await pollUntil(
      async () => {
        const r = await this.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM ingest.fan_outs WHERE message_id = ANY($1)',
          [messageIds],
        );
        return r.rows[0]?.n === new Set(messageIds).size || undefined;
      },
      { what: `${messageIds.length} message(s) marked fanned out`, timeoutMs },
    );
  }

  /** Value of one series on ingest's /metrics (0 when absent). */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return seriesValue(await (await fetch(`${this.base}/metrics`)).text(), name, labels);
  }

  /** Every message in the deliver stream, as stored. */
  async deliverMessages() {
    return peekStream(TEST_NATS_URL, new Namespace(this.namespace).stream('deliver.v1'));
  }

  async close(): Promise<void> {
    await this.sql?.end();
    await this.app?.close();
    await this.seed?.dispose();
    await dropNamespace(TEST_NATS_URL, this.namespace);
    await this.db?.drop();
  }
}
