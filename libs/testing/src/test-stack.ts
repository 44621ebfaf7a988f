import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Namespace } from '@herald/contracts';
import {
  createTestDatabase,
  dropNamespace,
  randomAdminToken,
  TEST_NATS_URL,
  uniqueNamespace,
} from './isolation.js';
import { Platform, SERVICE_NAMES, urlVar, type ServiceName } from './platform.js';
import { pollUntil } from './poll.js';
import { WebhookReceiver } from './webhook-receiver.js';

/** The repository's root: where the platform finds each app's compiled output. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/** An HTTP answer of a Herald API: its status, its JSON body (`{}` when empty) and headers. */
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiCall {
  /** Sent as `Authorization: Bearer <token>`; no header without one. */
  token?: string;
  /** Sent as JSON; a string or bytes are sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One call to a Herald HTTP API, as a client sends it: JSON in, JSON out. */
export async function callApi<T = Record<string, unknown>>(
  url: string,
  method: string,
  call: ApiCall = {},
): Promise<ApiAnswer<T>> {
  const { token, body, headers = {} } = call;
  const sent = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const response = await fetch(url, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      'content-type': 'application/json',
      ...headers,
    },
    ...(body === undefined ? {} : { body: sent }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as T,
    headers: response.headers,
  };
}

/** Fails (throws, with the answer's body) unless the answer has this status. */
export function expectStatus<T>(answer: ApiAnswer<T>, status: number, what: string): ApiAnswer<T> {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer;
}

export interface TestStackOptions {
  /** Prefix of the test's namespace (its streams, buckets and log folder). */
  prefix: string;
  /**
   * Variables on top of the defaults (the namespace, a fresh database, the
   * admin token, receivers on 127.0.0.0/8 allowed, `LOG_LEVEL=warn`); a
   * function when they name the receiver's URLs or something started first.
   */
  env?: Record<string, string> | ((receiver: WebhookReceiver) => Record<string, string>);
  /** The services `start()` runs (all five by default; none: the test launches them). */
  services?: readonly ServiceName[];
  /** How many replicas of each service. */
  replicas?: number;
  /** Also run the gateway in front of the services. */
  gateway?: boolean;
  /** How long one process may take to become ready. */
  readyTimeoutMs?: number;
  /** Variables of one service only. */
  serviceEnv?: () => Partial<Record<ServiceName, Record<string, string>>>;
  /** Open a NATS connection for the test (`stack.nc`). */
  connectNats?: boolean;
  /** The NATS the services use, when the test runs its own (default: the shared one). */
  natsUrl?: () => string;
  /** Leave the namespace's streams alone on stop (a NATS the test stops itself). */
  keepNamespace?: boolean;
  /** Fixed admin token (default: a fresh random one). */
  adminToken?: string;
}

/**
 * What an end-to-end test runs against: the services as processes (see
 * {@link Platform}) on a fresh database and namespace, a webhook receiver,
 * and the calls every test makes through the public API — a tenant with
 * its catalog, an endpoint at the receiver, an event published. `start()`
 * in `beforeAll`, `stop()` in `afterAll`.
 */
export class TestStack {
  readonly namespace: string;
  readonly ns: Namespace;
  readonly receiver = new WebhookReceiver();
  readonly adminToken: string;
  /** The key `api` sends unless told another: the first tenant's, once `tenant()` made it. */
  apiKey = '';
  /** The first tenant's id. */
  tenantId = '';
  private running?: {
    db: Awaited<ReturnType<typeof createTestDatabase>>;
    platform: Platform;
    natsUrl: string;
    nc?: NatsConnection;
    gateway?: string;
  };

  constructor(private readonly options: TestStackOptions) {
    this.namespace = uniqueNamespace(options.prefix);
    this.ns = new Namespace(this.namespace);
    this.adminToken = options.adminToken ?? randomAdminToken();
  }

  private get parts() {
    if (!this.running) throw new Error('the test stack is not started');
    return this.running;
  }
  get db() {
    return this.parts.db;
  }
  get platform(): Platform {
    return this.parts.platform;
  }
  get nc(): NatsConnection {
    const { nc } = this.parts;
    if (!nc) throw new Error('the test stack has no NATS connection (connectNats)');
    return nc;
  }
  /** The gateway's address. */
  get gateway(): string {
    const { gateway } = this.parts;
    if (!gateway) throw new Error('the test stack runs no gateway');
    return gateway;
  }

  /** The address of one instance: `registry`, `dispatcher#2`, `gateway`. */
  url(instance: string): string {
    return this.platform.url(instance);
  }

  /** `HERALD_<SERVICE>_URL` of each running service: where the CLI and the gateway find them. */
  serviceUrlEnv(): Record<string, string> {
    return Object.fromEntries(
      SERVICE_NAMES.filter((name) => this.platform.services.has(name)).map((name) => [
        urlVar(name),
        this.url(name),
      ]),
    );
  }

  async start(): Promise<void> {
    const { env = {}, services = SERVICE_NAMES, replicas = 1 } = this.options;
    await this.receiver.start();
    const db = await createTestDatabase();
    const natsUrl = this.options.natsUrl?.() ?? TEST_NATS_URL;
    const platform = new Platform(
      REPO_ROOT,
      {
        NATS_URL: natsUrl,
        DATABASE_URL: db.url,
        HERALD_NAMESPACE: this.namespace,
        HERALD_ADMIN_TOKEN: this.adminToken,
        HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
        LOG_LEVEL: 'warn',
        ...(typeof env === 'function' ? env(this.receiver) : env),
      },
      this.options.readyTimeoutMs,
      this.options.serviceEnv?.(),
    );
    this.running = { db, platform, natsUrl };
    if (services.length > 0) await platform.start(services, replicas);
    if (this.options.gateway) this.running.gateway = (await platform.startGateway()).url;
    if (this.options.connectNats) {
      this.running.nc = await connect({ servers: natsUrl.split(',') });
    }
  }

  /** Stops everything `start()` started and removes the namespace and the database. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.nc?.close();
    await running?.platform.stop();
    await this.receiver.stop();
    if (running && !this.options.keepNamespace) {
      await dropNamespace(running.natsUrl, this.namespace);
    }
    await running?.db.drop();
  }

  /** A call to one instance's API, with the first tenant's key unless told another token. */
  api<T = Record<string, unknown>>(
    instance: string,
    method: string,
    route: string,
    body?: unknown,
    token: string = this.apiKey,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer<T>> {
    return callApi<T>(`${this.url(instance)}${route}`, method, { token, body, headers });
  }

  /**
   * Creates a tenant with the admin token and loads these event types into its
   * catalog (names, or whole event-type bodies). The first tenant's key becomes
   * the one `api` sends.
   */
  async tenant(
    name: string,
    eventTypes: (string | Record<string, unknown>)[] = [],
    via = 'registry',
  ): Promise<{ id: string; apiKey: string }> {
    const created = expectStatus(
      await this.api(via, 'POST', '/v1/tenants', { name }, this.adminToken),
      201,
      `tenant ${name}`,
    );
    const tenant = { id: String(created.body.id), apiKey: String(created.body.apiKey) };
    if (!this.apiKey) {
      this.apiKey = tenant.apiKey;
      this.tenantId = tenant.id;
    }
    if (eventTypes.length > 0) {
      const items = eventTypes.map((type) => (typeof type === 'string' ? { name: type } : type));
      expectStatus(
        await this.api(via, 'POST', '/v1/event-types/import', { eventTypes: items }, tenant.apiKey),
        200,
        `catalog of ${name}`,
      );
    }
    return tenant;
  }

  /**
   * An endpoint at the receiver's `route` (the URL unless `fields` names one),
   * whose signatures the receiver then verifies; answers its id and secret.
   */
  async endpoint(
    route: string,
    fields: Record<string, unknown>,
    token: string = this.apiKey,
  ): Promise<{ id: string; secret: string }> {
    const created = expectStatus(
      await this.api(
        'registry',
        'POST',
        '/v1/endpoints',
        { url: this.receiver.url(route), ...fields },
        token,
      ),
      201,
      `endpoint ${route}`,
    );
    const endpoint = { id: String(created.body.id), secret: String(created.body.secret) };
    this.receiver.expectSecret(route, endpoint.secret);
    return endpoint;
  }

  /** Publishes one event over HTTP, which ingest must accept (202); answers the message id. */
  async publish(
    event: { type: string; id?: string; payload: unknown },
    token: string = this.apiKey,
  ): Promise<string> {
    const sent = expectStatus(
      await this.api('ingest', 'POST', '/v1/events', event, token),
      202,
      `event ${event.type}`,
    );
    return String(sent.body.id);
  }

  /** Publishes `count` events of a type, ids `<prefix>-<i>`; answers their message ids. */
  async publishMany(
    type: string,
    count: number,
    prefix: string,
    payload: (i: number) => unknown = (i) => ({ type, i }),
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(await this.publish({ type, id: `${prefix}-${i}`, payload: payload(i) }));
    }
    return ids;
  }

  /**
   * Waits until ingest accepts this event: its read model of the registry
   * (eventually consistent) knows the tenant and the event type.
   */
  async untilIngestAccepts(
    event: { type: string; id?: string; payload: unknown },
    options: { token?: string; what?: string; timeoutMs?: number } = {},
  ): Promise<void> {
    const { token = this.apiKey, what = 'ingest knows the tenant', timeoutMs } = options;
    await pollUntil(
      async () => (await this.api('ingest', 'POST', '/v1/events', event, token)).status === 202,
      { what, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
    );
  }
}
