import type { OnApplicationShutdown } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import {
  DiscardPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import {
  connect,
  credsAuthenticator,
  nkeyAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import type { NatsAuth } from '@herald/config';
import { Namespace, type TopicName } from '@herald/contracts';

export interface NatsClientOptions {
  url: string;
  namespace: string;
  /** Connection name shown in NATS monitoring, e.g. `herald-dispatcher`. */
  service: string;
  /** Topics whose streams this process publishes to or consumes from. */
  topics: readonly TopicName[];
  /** Credentials and TLS (`natsAuth(config)`); none for an open server. */
  auth?: NatsAuth;
}

/**
 * nats.js options for Herald's credentials. Every reply (JetStream API,
 * PubAcks, consumer deliveries) comes to the service's own inbox prefix, so a
 * NATS user may subscribe to its own replies and no one else's.
 */
export function natsConnectOptions(
  auth: NatsAuth = {},
  inboxPrefix?: string,
): Partial<ConnectionOptions> {
  const encoder = new TextEncoder();
  const options: Partial<ConnectionOptions> = {};
  if (inboxPrefix) options.inboxPrefix = inboxPrefix;
  if (auth.creds !== undefined)
    options.authenticator = credsAuthenticator(encoder.encode(auth.creds));
  if (auth.nkeySeed !== undefined)
    options.authenticator = nkeyAuthenticator(encoder.encode(auth.nkeySeed));
  if (auth.user !== undefined) options.user = auth.user;
  if (auth.pass !== undefined) options.pass = auth.pass;
  if (auth.token !== undefined) options.token = auth.token;
  if (auth.tls) options.tls = { ...auth.tls };
  return options;
}

/**
 * One NATS connection per process, with its JetStream handles and namespace.
 * Creating it ensures the streams of the given topics exist (idempotent, so
 * every replica of every service may do it at start-up).
 */
export class NatsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsClient.name);

  private constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly ns: Namespace,
    private readonly topics: readonly TopicName[],
  ) {}

  static async connect(options: NatsClientOptions): Promise<NatsClient> {
    const ns = new Namespace(options.namespace);
    const connection = await connect({
      ...natsConnectOptions(options.auth, ns.inboxPrefix(options.service)),
      servers: options.url,
      name: `herald-${options.service}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // Otherwise every request (each JetStream publish) builds two errors with
      // stack traces up front, in case it fails: ~5 % of the hot path's CPU.
      noAsyncTraces: true,
    });
    const jsm = await jetstreamManager(connection);
    const client = new NatsClient(connection, jetstream(connection), jsm, ns, options.topics);
    await client.ensureStreams();
    return client;
  }

  /** Creates or updates the stream of every topic this process uses. */
  async ensureStreams(): Promise<void> {
    for (const topic of this.topics) {
      const config: Partial<StreamConfig> & { name: string } = {
        name: this.ns.stream(topic),
        subjects: [this.ns.wildcard(topic)],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        duplicate_window: 120_000_000_000,
        num_replicas: 1,
      };
      try {
        await this.jsm.streams.info(config.name);
        await this.jsm.streams.update(config.name, config);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await this.jsm.streams.add(config).catch(async (addError: unknown) => {
          // Another replica may have created it between our look-up and add.
          if (!isAlreadyInUse(addError)) throw addError;
          await this.jsm.streams.info(config.name);
        });
      }
    }
  }

  /** Readiness: the connection is up and every stream this process needs exists. */
  async probe(): Promise<void> {
    if (this.connection.isClosed()) throw new Error('NATS connection is closed');
    await this.connection.flush();
    for (const topic of this.topics) await this.jsm.streams.info(this.ns.stream(topic));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection.isClosed()) return;
    try {
      await this.connection.drain();
    } catch (error) {
      this.logger.warn(`NATS drain failed: ${(error as Error).message}`);
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}

function isAlreadyInUse(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 400;
}
