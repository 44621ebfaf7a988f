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
import { natsServers, type NatsAuth } from '@herald/config';
import { Kvm, type KV, type KvOptions } from '@nats-io/kv';
import { Namespace, type TopicName } from '@herald/contracts';
import { shouldReport, waitForDependency } from '@herald/resilience';
import { replicasToApply } from './replicas.js';

export interface NatsClientOptions {
  /** `NATS_URL`: one server, or a cluster's servers comma-separated; the client fails over between them. */
  url: string;
  namespace: string;
  /** Connection name shown in NATS monitoring, e.g. `herald-dispatcher`. */
  service: string;
  /** Topics whose streams this process publishes to or consumes from. */
  topics: readonly TopicName[];
  /**
   * Replicas of the streams and KV buckets this process creates
   * (`HERALD_STREAM_REPLICAS`); an existing stream or bucket with more keeps them.
   */
  replicas?: number;
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
 * JetStream's de-duplication window per stream, in nanoseconds (default 2 min).
 * The public ingest stream keeps the server's minimum, 100 ms: there the
 * `Nats-Msg-Id` is the producer's, and JetStream de-duplicates it across the
 * whole stream, so a long window would let one tenant's id swallow another
 * tenant's event. Ingest de-duplicates per tenant instead, durably: a
 * message's id is derived from (tenant, idempotency key) and is its primary key.
 */
const DUPLICATE_WINDOW_NS: Partial<Record<TopicName, number>> = { ingest: 100_000_000 };
const DEFAULT_DUPLICATE_WINDOW_NS = 120_000_000_000;

/**
 * One NATS connection per process, with its JetStream handles and namespace.
 * Creating it ensures the streams of the given topics exist (idempotent, so
 * every replica of every service may do it at start-up). While NATS does not
 * answer, or JetStream has no quorum yet, `connect` waits and retries with a
 * backoff capped at 1 s instead of failing. Replicas are only ever raised: a
 * start with `replicas: 1` leaves an operator's R3 stream at R3.
 */
export class NatsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsClient.name);

  private constructor(
    readonly connection: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly ns: Namespace,
    private readonly topics: readonly TopicName[],
    readonly replicas: number,
  ) {}

  static async connect(options: NatsClientOptions): Promise<NatsClient> {
    const ns = new Namespace(options.namespace);
    const logger = new Logger(NatsClient.name);
    const onRetry = (what: string) => (error: unknown, failures: number, delayMs: number) => {
      if (!shouldReport(failures)) return;
      logger.warn(
        `${what} (attempt ${failures}): ${(error as Error).message}; retrying in ${delayMs} ms`,
      );
    };
    const connection = await waitForDependency(
      () =>
        connect({
          ...natsConnectOptions(options.auth, ns.inboxPrefix(options.service)),
          servers: natsServers(options.url),
          name: `herald-${options.service}`,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          // Otherwise every request (each JetStream publish) builds two errors with
          // stack traces up front, in case it fails: ~5 % of the hot path's CPU.
          noAsyncTraces: true,
        }),
      { what: 'NATS', onRetry: onRetry(`waiting for NATS at ${redactUrl(options.url)}`) },
    );
    const jsm = await jetstreamManager(connection);
    const client = new NatsClient(
      connection,
      jetstream(connection),
      jsm,
      ns,
      options.topics,
      options.replicas ?? 1,
    );
    await waitForDependency(() => client.ensureStreams(), {
      what: 'JetStream',
      onRetry: onRetry('waiting for JetStream to accept the streams'),
      isPermanent: (error) => connection.isClosed() || isInvalidConfig(error),
    });
    return client;
  }

  /**
   * Opens (creating if missing) the KV bucket `name` with this process's
   * replicas, and raises an existing bucket's replicas to them when lower.
   */
  async openBucket(name: string, options: Partial<KvOptions> = {}): Promise<KV> {
    const kv = await new Kvm(this.js).create(name, { ...options, replicas: this.replicas });
    await this.raiseReplicas(`KV_${name}`);
    return kv;
  }

  private async raiseReplicas(stream: string): Promise<void> {
    const info = await this.jsm.streams.info(stream);
    const replicas = replicasToApply(info.config.num_replicas, this.replicas);
    if (replicas === info.config.num_replicas) return;
    this.logger.log(`raising ${stream} to ${replicas} replicas`);
    await this.jsm.streams.update(stream, { ...info.config, num_replicas: replicas });
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
        duplicate_window: DUPLICATE_WINDOW_NS[topic] ?? DEFAULT_DUPLICATE_WINDOW_NS,
        num_replicas: this.replicas,
      };
      try {
        const existing = await this.jsm.streams.info(config.name);
        config.num_replicas = replicasToApply(existing.config.num_replicas, this.replicas);
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

/** JetStream's error code for a conditional write refused: the subject (a KV key) changed since it was read. */
const WRONG_LAST_SEQUENCE = 10071;

/** A KV `update`, `create` or conditional delete refused because the key changed since it was read. */
export function isWrongLastSequence(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === WRONG_LAST_SEQUENCE;
}

function isAlreadyInUse(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 400;
}

/**
 * A stream configuration the server rejects (e.g. more replicas than the
 * cluster has servers, or replicas > 1 on a single server): retrying cannot help.
 */
function isInvalidConfig(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    error.status === 400 &&
    !/already in use/i.test(error.message)
  );
}

/** The server URLs without credentials, for the log. */
function redactUrl(url: string): string {
  return natsServers(url)
    .map((server) => {
      try {
        const parsed = new URL(server);
        if (parsed.username || parsed.password) {
          parsed.username = '***';
          parsed.password = '';
        }
        return parsed.toString();
      } catch {
        return '(unparsable URL)';
      }
    })
    .join(',');
}
