import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AckPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import {
  BATCH_TOKEN,
  attemptMessageSchema,
  outcomesOf,
  breakerStateSchema,
  deferralReportSchema,
  deliveryTaskId,
  endpointControlSchema,
  REGISTRY_KEYS,
  type AttemptOutcome,
  type BreakerState,
  type DeferralReport,
  type DeliveryBatch,
  type DeliveryTask,
  type EndpointControl,
  type EndpointView,
  type TopicName,
} from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import { openRegistryBucket, RegistryView } from '@herald/registry-view';
import {
  createTestDatabase,
  dropNamespace,
  forSuite,
  inProcessEnv,
  pollUntil,
  seriesValue,
  TEST_NATS_URL,
  uniqueNamespace,
  WebhookReceiver,
} from '@herald/testing';
import { startDispatcher } from '../src/app.js';
import { loadDispatcherConfig } from '../src/config.js';

/**
 * One dispatcher on the real NATS, in a namespace of its own, with a real
 * receiver and a test-side view of everything it publishes. The ATTEMPTS
 * stream is a work queue, so the harness holds the single consumer reading it.
 */
export class Harness {
  readonly attempts: AttemptOutcome[] = [];
  /** Commands the dispatcher sent the registry (`endpoint-control.v1`). */
  readonly commands: EndpointControl[] = [];
  /** Breaker state changes announced on core NATS. */
  readonly breakerChanges: BreakerState[] = [];
  /** Rejection reports (`deferral.v1`) the dispatcher published. */
  readonly rejectionReports: DeferralReport[] = [];
  private readonly replicas: NestExpressApplication[] = [];
  private env: Record<string, string> = {};
  readonly receiver = new WebhookReceiver();
  private app!: NestExpressApplication;
  private nats!: NatsClient;
  private kv!: Awaited<ReturnType<typeof openRegistryBucket>>;
  private publisher!: Publisher;
  private readonly feeds: ConsumerMessages[] = [];
  private readonly subscriptions: { unsubscribe(): void }[] = [];
  readonly namespace = uniqueNamespace('disp');
  private database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

  static async start(env: Record<string, string> = {}): Promise<Harness> {
    const harness = new Harness();
    await harness.boot(env);
    return harness;
  }

  /** One harness for the tests of the enclosing `describe`, started with `env`. */
  static forSuite(env: Record<string, string> = {}): Harness {
    return forSuite(
      () => Harness.start(env),
      (harness) => harness.stop(),
    );
  }

  private async boot(env: Record<string, string>): Promise<void> {
    await this.receiver.start();
    this.nats = await NatsClient.connect({
      url: TEST_NATS_URL,
      namespace: this.namespace,
      service: 'dispatcher-test',
      topics: ['deliver.v1', 'attempt.v1', 'endpoint-control.v1', 'deferral.v1'],
    });
    this.kv = await openRegistryBucket(this.nats);
    this.publisher = new Publisher(this.nats);
    await this.follow(
      'attempt.v1',
      'test-attempts',
      (data) => outcomesOf(attemptMessageSchema.parse(data)),
      this.attempts,
    );
    await this.follow(
      'endpoint-control.v1',
      'test-commands',
      (data) => [endpointControlSchema.parse(data)],
      this.commands,
    );
    await this.follow(
      'deferral.v1',
      'test-rejections',
      (data) => [deferralReportSchema.parse(data)],
      this.rejectionReports,
    );
    this.followBreakers();
    this.database = await createTestDatabase();
    this.env = env;
    this.app = await this.startApp();
  }

  /** Starts another dispatcher process-equivalent on the same namespace and database. */
  async startReplica(): Promise<NestExpressApplication> {
    const replica = await this.startApp();
    this.replicas.push(replica);
    return replica;
  }

  /** Stops a replica gracefully, as SIGTERM would. */
  async stopReplica(replica: NestExpressApplication): Promise<void> {
    this.replicas.splice(this.replicas.indexOf(replica), 1);
    await replica.close();
  }

  private startApp(): Promise<NestExpressApplication> {
    const env = this.env;
    if (!this.database) throw new Error('the harness has no database yet');
    return startDispatcher(
      loadDispatcherConfig({
        ...inProcessEnv('dispatcher', this.namespace, this.database.url),
        HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
        HERALD_RETRY_SCHEDULE: '100ms,200ms',
        HERALD_PARK_POLL: '100ms',
        ...env,
      }),
    );
  }

  /** The first replica's Postgres (schema `dispatcher`). */
  get db(): DataSource {
    return this.app.get(DataSource);
  }

  /** The first replica's instance of a provider. */
  get<T>(token: abstract new (...args: never[]) => T): T {
    return this.app.get(token);
  }

  /** Publishes raw bytes on the deliver subject of an endpoint, as a broken producer could. */
  async publishRaw(endpointId: string, data: Uint8Array): Promise<void> {
    await this.nats.js.publish(this.nats.ns.subject('deliver.v1', endpointId), data);
  }

  get url(): Promise<string> {
    return this.app.getUrl();
  }

  /** Pauses an endpoint the way the health-monitor does: a state in the KV bucket every replica follows. */
  async pause(endpoint: EndpointView, untilMs: number): Promise<void> {
    const kv = await new Kvm(this.nats.js).create(this.nats.ns.endpointStateBucket, {
      history: 1,
    });
    const now = new Date().toISOString();
    await kv.put(
      REGISTRY_KEYS.endpoint(endpoint.id),
      JSON.stringify({
        endpointId: endpoint.id,
        tenantId: endpoint.tenantId,
        state: 'paused',
        until: new Date(untilMs).toISOString(),
        reason: 'test',
        at: now,
      }),
    );
  }

  /** Tenant API call to the dispatcher (dead letters, replays). */
  async api(method: string, path: string, apiKey: string, body?: unknown) {
    const response = await fetch(`${await this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Rejections of one endpoint and reason, summed over every report received so far. */
  rejected(endpointId: string, reason: keyof DeferralReport['counts']): number {
    return this.rejectionReports
      .filter((r) => r.endpointId === endpointId)
      .reduce((sum, r) => sum + r.counts[reason], 0);
  }

  private followBreakers(): void {
    const subscription = this.nats.connection.subscribe(`${this.namespace}.breaker.v1.>`, {
      callback: (_error, msg) => {
        this.breakerChanges.push(breakerStateSchema.parse(msg.json()));
      },
    });
    this.subscriptions.push(subscription);
  }

  /**
   * Reads a stream through a durable consumer of the test's own, adding what
   * `read` makes of each message to `into` (closed by `stop()`).
   */
  private async follow<T>(
    topic: TopicName,
    durable: string,
    read: (data: unknown) => T[],
    into: T[],
  ): Promise<void> {
    const stream = this.nats.ns.stream(topic);
    await this.nats.jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await this.nats.js.consumers.get(stream, durable);
    const feed = await consumer.consume();
    this.feeds.push(feed);
    void (async () => {
      for await (const msg of feed) {
        into.push(...read(msg.json()));
        msg.ack();
      }
    })();
  }

  /** Writes an endpoint into the registry bucket and waits until the dispatcher sees it. */
  async putEndpoint(view: EndpointView): Promise<EndpointView> {
    await this.kv.put(REGISTRY_KEYS.endpoint(view.id), JSON.stringify(view));
    const registry = this.app.get(RegistryView);
    await pollUntil(() => isDeepStrictEqual(registry.endpoint(view.id), view), {
      what: `endpoint ${view.id} in the dispatcher's read model`,
    });
    return view;
  }

  async publishTask(task: DeliveryTask): Promise<void> {
    await this.publisher.publish('deliver.v1', task.endpointId, task, deliveryTaskId(task));
  }

  /** Tasks in one `deliver.v1` batch message, one object per task (the shape written before ADR 0106). */
  async publishBatch(tasks: DeliveryTask[]): Promise<void> {
    await this.publishBatchOf({ tasks });
  }

  /** One `deliver.v1` batch message of any shape, on the batch subject. */
  async publishBatchOf(batch: DeliveryBatch): Promise<void> {
    await this.nats.js.publish(
      this.nats.ns.subject('deliver.v1', BATCH_TOKEN),
      new TextEncoder().encode(JSON.stringify(batch)),
      { msgID: `tasks:${randomUUID()}` },
    );
  }

  /** Messages stored on the attempt stream so far (its last sequence number). */
  async attemptMessagesStored(): Promise<number> {
    return (await this.nats.jsm.streams.info(this.nats.ns.stream('attempt.v1'))).state.last_seq;
  }

  attemptsOf(endpointId: string): AttemptOutcome[] {
    return this.attempts
      .filter((a) => a.endpointId === endpointId)
      .sort((a, b) => a.attempt - b.attempt);
  }

  /** Waits until the endpoint has a final outcome, and returns all of its outcomes. */
  async finalAttempts(endpointId: string, timeoutMs = 10_000): Promise<AttemptOutcome[]> {
    await pollUntil(() => this.attemptsOf(endpointId).some((a) => a.final), {
      what: `final attempt of ${endpointId}`,
      timeoutMs,
    });
    return this.attemptsOf(endpointId);
  }

  /** The replica's `/metrics` exposition; the first replica by default. */
  async metricsText(app: NestExpressApplication = this.app): Promise<string> {
    return (await fetch(`${await app.getUrl()}/metrics`)).text();
  }

  /** Value of one series on a dispatcher's /metrics (0 when absent); the first replica by default. */
  async metric(
    name: string,
    labels: Record<string, string> = {},
    app: NestExpressApplication = this.app,
  ): Promise<number> {
    return seriesValue(await this.metricsText(app), name, labels);
  }

  /** Delivery tasks in the stream that no dispatcher has pulled yet. */
  async pendingInStream(): Promise<number> {
    const info = await this.nats.jsm.consumers.info(
      this.nats.ns.stream('deliver.v1'),
      this.nats.ns.consumer('deliver.v1', 'dispatcher'),
    );
    return info.num_pending;
  }

  /** Delivery tasks stored but not yet acked by the dispatcher (held, waiting or in flight). */
  async unfinishedTasks(): Promise<number> {
    const info = await this.nats.jsm.consumers.info(
      this.nats.ns.stream('deliver.v1'),
      this.nats.ns.consumer('deliver.v1', 'dispatcher'),
    );
    return info.num_pending + info.num_ack_pending;
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.close();
    await this.app?.close();
    for (const feed of this.feeds) await feed.close();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.nats?.connection.close();
    await this.receiver.stop();
    await this.database?.drop();
    await dropNamespace(TEST_NATS_URL, this.namespace);
  }
}
