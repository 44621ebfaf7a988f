import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { RegistryView } from '@herald/registry-view';
import { parseSecretsKeys, SecretBox } from '@herald/secrets-crypto';
import {
  createTestDatabase,
  dropNamespace,
  forSuite,
  TEST_NATS_URL,
  testSecretsKey,
  uniqueNamespace,
  randomAdminToken,
} from '@herald/testing';
import { startRegistry } from '../src/app.js';
import { loadRegistryConfig } from '../src/config.js';
import { watchReadModel } from './read-model-watcher.js';

export const ADMIN_TOKEN = randomAdminToken();

/** Event types every test tenant has unless a test says otherwise. */
export const DEFAULT_EVENT_TYPES = [
  'message_created',
  'conversation.created',
  'conversation.updated',
  'a',
  'b',
  'c.d',
];

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** An endpoint as the API answers it, with the fields a test reads left open. */
export type EndpointBody = Record<string, unknown> & { id: string };

export interface ErrorBody {
  error: { code: string; message: string; details: { field: string; reason: string }[] };
}

/**
 * One registry under test: a fresh database and NATS namespace, the app on a
 * random port, and a small JSON client. `restart()` keeps database and
 * namespace (start-up behaviour); `close()` removes everything.
 */
export class RegistryHarness {
  app!: INestApplication;
  baseUrl = '';
  /** The key of HERALD_SECRETS_KEY (kept across restarts) and a box that opens what it sealed. */
  readonly secretsKey = testSecretsKey();
  readonly box = new SecretBox(parseSecretsKeys(this.secretsKey));

  private constructor(
    readonly namespace: string,
    readonly db: { url: string; drop(): Promise<void> },
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<RegistryHarness> {
    const harness = new RegistryHarness(uniqueNamespace('reg'), await createTestDatabase(), env);
    await harness.boot();
    return harness;
  }

  /** One registry for the tests of the enclosing `describe`, started with `env`. */
  static forSuite(env: Record<string, string> = {}): RegistryHarness {
    return forSuite(() => RegistryHarness.start(env));
  }

  private async boot(): Promise<void> {
    this.app = await startRegistry(
      loadRegistryConfig({
        DATABASE_URL: this.db.url,
        NATS_URL: TEST_NATS_URL,
        HERALD_NAMESPACE: this.namespace,
        HERALD_SECRETS_KEY: this.secretsKey,
        HERALD_REGISTRY_PORT: '0',
        HERALD_HOST: '127.0.0.1',
        HERALD_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: 'silent',
        ...this.env,
      }),
    );
    const server = this.app.getHttpServer() as Server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async restart(between?: () => Promise<unknown>): Promise<void> {
    await this.app.close();
    await between?.();
    await this.boot();
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.db.drop();
    await dropNamespace(TEST_NATS_URL, this.namespace);
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const body =
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /**
   * Creates a tenant with the admin token and puts these event types in its
   * catalog (endpoint filters must name catalog types); returns its id and API key.
   */
  async createTenant(
    name = 'acme',
    eventTypes: string[] = DEFAULT_EVENT_TYPES,
  ): Promise<{ id: string; apiKey: string }> {
    const response = await this.request<{ id: string; apiKey: string }>('POST', '/v1/tenants', {
      token: ADMIN_TOKEN,
      body: { name },
    });
    if (response.status !== 201) throw new Error(`tenant create: ${response.status}`);
    if (eventTypes.length > 0) await this.addEventTypes(response.body.apiKey, eventTypes);
    return response.body;
  }

  /** `POST /v1/endpoints` with this key; the answer as it comes (201 or the error). */
  createEndpoint<T = EndpointBody>(token: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', '/v1/endpoints', { token, body });
  }

  /** Adds version 1 of each named event type (no schema, no envelope) to the key's tenant. */
  async addEventTypes(apiKey: string, names: string[]): Promise<void> {
    const imported = await this.request('POST', '/v1/event-types/import', {
      token: apiKey,
      body: { eventTypes: names.map((name) => ({ name })) },
    });
    if (imported.status !== 200) throw new Error(`event types: ${JSON.stringify(imported.body)}`);
  }

  /** A key of the given role for the tenant of an admin key; returns the key. */
  async keyWithRole(adminKey: string, role: string): Promise<string> {
    const created = await this.request<{ key: string }>('POST', '/v1/api-keys', {
      token: adminKey,
      body: { role, name: `${role} key` },
    });
    if (created.status !== 201) throw new Error(`api key: ${JSON.stringify(created.body)}`);
    return created.body.key;
  }
}

type ReadModelWatcher = Awaited<ReturnType<typeof watchReadModel>>;

/**
 * For one test file: a registry with two tenants, acme and globex, each with
 * `eventTypes` in its catalog (started before its tests, closed after). With
 * `readModel`, `watcher` is the read model another service would see, watched
 * from before the tenants are created.
 */
export function useRegistryWithTwoTenants(
  options: { eventTypes?: string[]; readModel?: boolean } = {},
) {
  const context = {} as {
    registry: RegistryHarness;
    watcher: ReadModelWatcher;
    acme: { id: string; apiKey: string };
    globex: { id: string; apiKey: string };
  };
  beforeAll(async () => {
    context.registry = await RegistryHarness.start();
    if (options.readModel) context.watcher = await watchReadModel(context.registry.namespace);
    context.acme = await context.registry.createTenant('acme', options.eventTypes);
    context.globex = await context.registry.createTenant('globex', options.eventTypes);
  });
  afterAll(async () => {
    await context.watcher?.close();
    await context.registry?.close();
  });
  return context;
}

/**
 * For one test file: a registry with one tenant (its key in `apiKey`) and the
 * read model another service would see (`view`).
 */
export function useRegistryAndReadModel() {
  const context = {} as {
    registry: RegistryHarness;
    view: RegistryView;
    apiKey: string;
    closeWatcher?: () => Promise<void>;
  };
  beforeAll(async () => {
    context.registry = await RegistryHarness.start();
    const watcher = await watchReadModel(context.registry.namespace);
    context.closeWatcher = () => watcher.close();
    context.view = watcher.view;
    context.apiKey = (await context.registry.createTenant()).apiKey;
  });
  afterAll(async () => {
    await context.closeWatcher?.();
    await context.registry?.close();
  });
  return context;
}
