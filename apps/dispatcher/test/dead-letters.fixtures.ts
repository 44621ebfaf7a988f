import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  deliveryTaskSchema,
  REGISTRY_KEYS,
  type ApiKeyRole,
  type AttemptOutcome,
  type DeliveryTask,
  type EndpointView,
} from '@herald/contracts';
import { ApiExceptionFilter } from '@herald/http-api';
import { NatsClient } from '@herald/messaging';
import { bootstrapService } from '@herald/observability';
import { openRegistryBucket, RegistryView } from '@herald/registry-view';
import { hashApiKey } from '@herald/api-auth';
import {
  baseUrl,
  createTestDatabase,
  dropNamespace,
  inProcessEnv,
  pollUntil,
  RegistrySeed,
  TEST_NATS_URL,
  uniqueNamespace,
} from '@herald/testing';
import { startDispatcher } from '../src/app.js';
import { AppModule } from '../src/app.module.js';
import { loadDispatcherConfig } from '../src/config.js';
import type { DeadLetterReason } from '../src/dead-letters/dead-letter-reason.js';
import { DeadLetterStore } from '../src/dead-letters/dead-letter.store.js';

/** The API's shapes, as the tests read them. */
export interface DeadLetterItem {
  id: string;
  endpointId: string;
  messageId: string;
  replayId: string | null;
  replayedAt: string | null;
  replayCount: number;
  lastReplayId: string | null;
  payload?: string;
  [field: string]: unknown;
}
export interface ReplayRecord {
  id: string;
  kind: string;
  keyId: string;
  filters: Record<string, unknown>;
  dryRun: boolean;
  matched: number;
  published: number;
  status: 'running' | 'done' | 'failed';
  createdAt: string;
  finishedAt: string | null;
}
export interface ApiBody {
  data: DeadLetterItem[];
  nextCursor: string | null;
  replayId: string;
  matched: number;
  error: { code: string; message: string; details: { field: string; reason: string }[] };
}
/** A `dead_letters` row as raw SQL returns it. */
export interface DeadLetterDbRow {
  id: string;
  chain: string;
  dead_at: Date;
  replayed_at: Date | null;
  replay_count: number;
  last_replay_id: string | null;
  [column: string]: unknown;
}

/** A task as the deliver stream holds it, with when JetStream stored it. */
export interface PublishedTask {
  task: DeliveryTask;
  msgId: string;
  storedAt: number;
}

/**
 * The dispatcher on real NATS and Postgres (a fresh namespace and database)
 * for the dead-letter API. By default the delivery consumer is not attached,
 * so every task a replay publishes stays in the deliver stream to be read;
 * `engine: true` runs the whole dispatcher instead.
 */
export class DeadLettersHarness {
  app!: NestExpressApplication;
  url = '';
  private nats!: NatsClient;
  private seed!: RegistrySeed;
  private kv!: Awaited<ReturnType<typeof openRegistryBucket>>;
  private database!: Awaited<ReturnType<typeof createTestDatabase>>;
  private readonly namespace = uniqueNamespace('dlq');
  private readonly replicas: NestExpressApplication[] = [];

  private constructor(
    private env: Record<string, string>,
    private readonly engine: boolean,
  ) {}

  static async start(
    env: Record<string, string> = {},
    options: { engine?: boolean } = {},
  ): Promise<DeadLettersHarness> {
    const harness = new DeadLettersHarness(env, options.engine ?? false);
    harness.database = await createTestDatabase();
    harness.nats = await NatsClient.connect({
      url: TEST_NATS_URL,
      namespace: harness.namespace,
      service: 'dead-letters-test',
      topics: ['deliver.v1', 'attempt.v1'],
    });
    harness.kv = await openRegistryBucket(harness.nats);
    harness.seed = await RegistrySeed.open(TEST_NATS_URL, harness.namespace);
    await harness.boot();
    return harness;
  }

  private config() {
    return loadDispatcherConfig({
      ...inProcessEnv('dispatcher', this.namespace, this.database.url),
      HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
      ...this.env,
    });
  }

  private async boot(): Promise<void> {
    const config = this.config();
    this.app = this.engine
      ? await startDispatcher(config)
      : await bootstrapService({
          service: 'dispatcher',
          module: AppModule.forRoot(config),
          host: config.HERALD_HOST,
          port: config.HERALD_DISPATCHER_PORT,
          httpFilters: [new ApiExceptionFilter()],
        });
    this.url = baseUrl(this.app);
  }

  /** Stops the dispatcher (gracefully) and starts a new one on the same database and streams. */
  async restart(env: Record<string, string> = {}): Promise<void> {
    await this.app.close();
    this.env = { ...this.env, ...env };
    await this.boot();
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  get store(): DeadLetterStore {
    return this.app.get(DeadLetterStore);
  }

  /** A tenant with an admin key, known to the dispatcher's read model. */
  async tenant(): Promise<{ tenantId: string; apiKey: string }> {
    const tenant = await this.seed.tenant();
    await this.known(tenant.apiKey);
    return tenant;
  }

  /** Another key of the tenant, with the given role. */
  async key(tenantId: string, role: ApiKeyRole): Promise<string> {
    const apiKey = `hrld_${randomUUID().replace(/-/g, '')}`;
    await this.kv.put(
      REGISTRY_KEYS.apiKey(hashApiKey(apiKey)),
      JSON.stringify({ keyId: randomUUID(), tenantId, role }),
    );
    await this.known(apiKey);
    return apiKey;
  }

  async endpoint(tenantId: string, fields: Partial<EndpointView> = {}): Promise<EndpointView> {
    const view = await this.seed.endpoint(tenantId, { url: 'https://example.com/hook', ...fields });
    const registry = this.app.get(RegistryView);
    await pollUntil(() => registry.endpoint(view.id)?.updatedAt === view.updatedAt, {
      what: `endpoint ${view.id} in the read model`,
    });
    return view;
  }

  private async known(apiKey: string): Promise<void> {
    const registry = this.app.get(RegistryView);
    await pollUntil(() => registry.apiKey(hashApiKey(apiKey)), {
      what: 'API key in the read model',
    });
  }

  /** Records a dead letter as the delivery engine would; returns its task. */
  async deadLetter(
    endpoint: Pick<EndpointView, 'id' | 'tenantId'>,
    options: {
      eventType?: string;
      statusCode?: number | null;
      reason?: DeadLetterReason;
      payload?: string;
      replayId?: string | null;
    } = {},
  ): Promise<DeliveryTask> {
    const task = deliveryTaskSchema.parse({
      messageId: `msg_${randomUUID()}`,
      tenantId: endpoint.tenantId,
      endpointId: endpoint.id,
      eventType: options.eventType ?? 'invoice.paid',
      channel: null,
      payload: options.payload ?? `{"n":"${randomUUID()}"}`,
      createdAt: new Date().toISOString(),
      attempt: 3,
      replayId: options.replayId ?? null,
    });
    const statusCode = options.statusCode === undefined ? 500 : options.statusCode;
    await this.store.record({
      task,
      reason: options.reason ?? 'exhausted',
      lastOutcome: outcomeOf(task, statusCode),
    });
    return task;
  }

  /** Moves a message's dead letters back in time (tests of since / until). */
  async backdate(messageId: string, deadAt: string): Promise<void> {
    await this.db.query('UPDATE dead_letters SET dead_at = $2 WHERE message_id = $1', [
      messageId,
      deadAt,
    ]);
  }

  /** Calls the API; `body` is typed loosely (each test reads the fields its route returns). */
  async api<T = ApiBody>(
    method: 'GET' | 'POST',
    path: string,
    apiKey: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text === '' ? null : JSON.parse(text)) as T,
      headers: response.headers,
    };
  }

  /** Every task in the deliver stream, oldest first, with its de-duplication id and store time. */
  async published(): Promise<PublishedTask[]> {
    const stream = this.nats.ns.stream('deliver.v1');
    const { state } = await this.nats.jsm.streams.info(stream);
    const tasks: PublishedTask[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const stored = await this.nats.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!stored) continue;
      tasks.push({
        task: deliveryTaskSchema.parse(stored.json()),
        msgId: stored.header.get('Nats-Msg-Id'),
        storedAt: stored.time.getTime(),
      });
    }
    return tasks;
  }

  /** The dead letters of some messages, straight from the table. */
  async rows(messageIds: string[]): Promise<DeadLetterDbRow[]> {
    return this.db.query<DeadLetterDbRow[]>(
      'SELECT * FROM dead_letters WHERE message_id = ANY($1) ORDER BY message_id, chain',
      [messageIds],
    );
  }

  /** Waits until a replay is no longer running; returns its audit record. */
  async finished(apiKey: string, replayId: string, timeoutMs = 15_000): Promise<ReplayRecord> {
    return pollUntil(
      async () => {
        const { body } = await this.api<ReplayRecord>('GET', `/v1/replays/${replayId}`, apiKey);
        return body.status !== 'running' && body;
      },
      { what: `replay ${replayId} to finish`, timeoutMs },
    );
  }

  /**
   * A second dispatcher (API only) on the same database and namespace, as
   * another replica would be; it knows `apiKeys` before this returns. Stopped by `stop()`.
   */
  async replica(...apiKeys: string[]): Promise<{ url: string }> {
    const config = this.config();
    const app = await bootstrapService({
      service: 'dispatcher',
      module: AppModule.forRoot(config),
      host: config.HERALD_HOST,
      port: config.HERALD_DISPATCHER_PORT,
      httpFilters: [new ApiExceptionFilter()],
    });
    this.replicas.push(app);
    const registry = app.get(RegistryView);
    for (const apiKey of apiKeys) {
      await pollUntil(() => registry.apiKey(hashApiKey(apiKey)), {
        what: 'API key in the replica read model',
      });
    }
    return { url: baseUrl(app) };
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.close();
    await this.app?.close();
    await this.seed?.dispose();
    await this.nats?.connection.close();
    await this.database?.drop();
    await dropNamespace(TEST_NATS_URL, this.namespace);
  }
}

/** The last attempt of a chain that gave up. */
export function outcomeOf(task: DeliveryTask, statusCode: number | null): AttemptOutcome {
  return {
    attemptId: `${task.messageId}:${task.endpointId}:${task.attempt}`,
    messageId: task.messageId,
    tenantId: task.tenantId,
    endpointId: task.endpointId,
    eventType: task.eventType,
    attempt: task.attempt,
    outcome: 'failure',
    reason: statusCode === null ? 'timeout' : 'http_status',
    statusCode,
    error: statusCode === null ? 'no response within 15 s' : `HTTP ${statusCode}`,
    latencyMs: 12,
    responseBody: null,
    url: 'https://example.com/hook',
    final: true,
    nextAttemptAt: null,
    at: new Date().toISOString(),
    replayId: task.replayId,
    retryAfterMs: null,
  };
}
