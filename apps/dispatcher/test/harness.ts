import { isDeepStrictEqual } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AckPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import {
  attemptOutcomeSchema,
  deliveryTaskId,
  REGISTRY_KEYS,
  type AttemptOutcome,
  type DeliveryTask,
  type EndpointView,
} from '@herald/contracts';
import { NatsClient, Publisher } from '@herald/messaging';
import { openRegistryBucket, RegistryView } from '@herald/registry-view';
import {
  createTestDatabase,
  dropNamespace,
  pollUntil,
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
  readonly receiver = new WebhookReceiver();
  private app!: NestExpressApplication;
  private nats!: NatsClient;
  private kv!: Awaited<ReturnType<typeof openRegistryBucket>>;
  private publisher!: Publisher;
  private attemptFeed!: ConsumerMessages;
  private readonly namespace = uniqueNamespace('disp');
  private database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

  static async start(env: Record<string, string> = {}): Promise<Harness> {
    const harness = new Harness();
    await harness.boot(env);
    return harness;
  }

  private async boot(env: Record<string, string>): Promise<void> {
    await this.receiver.start();
    this.nats = await NatsClient.connect({
      url: TEST_NATS_URL,
      namespace: this.namespace,
      service: 'dispatcher-test',
      topics: ['deliver.v1', 'attempt.v1'],
    });
    this.kv = await openRegistryBucket(this.nats);
    this.publisher = new Publisher(this.nats);
    await this.followAttempts();
    this.database = await createTestDatabase();
    this.app = await startDispatcher(
      loadDispatcherConfig({
        NATS_URL: TEST_NATS_URL,
        DATABASE_URL: this.database.url,
        HERALD_NAMESPACE: this.namespace,
        HERALD_DISPATCHER_PORT: '0',
        HERALD_HOST: '127.0.0.1',
        HERALD_ALLOWED_CIDRS: '127.0.0.0/8',
        HERALD_RETRY_SCHEDULE: '100ms,200ms',
        LOG_LEVEL: 'silent',
        ...env,
      }),
    );
  }

  private async followAttempts(): Promise<void> {
    const stream = this.nats.ns.stream('attempt.v1');
    await this.nats.jsm.consumers.add(stream, {
      durable_name: 'test-attempts',
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await this.nats.js.consumers.get(stream, 'test-attempts');
    this.attemptFeed = await consumer.consume();
    void (async () => {
      for await (const msg of this.attemptFeed) {
        this.attempts.push(attemptOutcomeSchema.parse(msg.json()));
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

  /** Value of one series on the dispatcher's /metrics (0 when absent). */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(`${await this.app.getUrl()}/metrics`)).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
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
    await this.app?.close();
    await this.attemptFeed?.close();
    await this.nats?.connection.close();
    await this.receiver.stop();
    await this.database?.drop();
    await dropNamespace(TEST_NATS_URL, this.namespace);
  }
}
