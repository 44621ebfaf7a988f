import {
  Catch,
  type INestApplication,
  type INestMicroservice,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { PARAM_ARGS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { context, trace } from '@opentelemetry/api';
import { isObservable, lastValueFrom, throwError, type Observable } from 'rxjs';
import { TOPIC_SCHEMAS, type PartitionedTopic, type TopicName } from '@herald/contracts';
import {
  DEFAULT_POISON_POLICY,
  redeliveryDelay,
  verdictForDelivery,
  countsAsFailure,
  verdictForError,
  type Disposition,
  type PoisonPolicy,
  type PoisonVerdict,
  type Verdict,
} from './dispositions.js';
import { AckBatch } from './ack-batch.js';
import { FailureCounts } from './failure-counts.js';
import { JetStreamContext } from './jetstream.context.js';
import { isNotFound, type NatsClient } from './nats-client.js';
import { dropData, ownBytes, restoreData } from './own-bytes.js';
import { ByteBudget, Semaphore } from './semaphore.js';
import {
  extractTraceContext,
  failSpan,
  messagingTracer,
  SpanKind,
  tracingActive,
} from './trace-context.js';

export interface ConsumerSettings {
  /** Messages processed at once by this replica. */
  concurrency: number;
  /** How long JetStream waits for an ack before redelivering. */
  ackWaitMs: number;
  /** Upper bound of unacknowledged messages across all replicas. */
  maxAckPending: number;
  /**
   * Message bytes processed at once by this replica, beside `concurrency`:
   * bounds what payload-carrying handlers hold on the heap (ADR 0089). Unset → no byte bound.
   */
  maxBytes?: number;
}

export interface JetStreamTransportOptions {
  /** Service name; the durable consumer is `<service>-<stream>`. */
  service: string;
  /** Per-topic consumer settings; topics without an entry use the defaults. */
  consumers?: Partial<Record<TopicName, Partial<ConsumerSettings>>>;
  /** Called with every message that was dropped as undecodable, for the record. */
  onRejected?: (topic: TopicName, msg: JsMsg, reason: string) => void;
  /**
   * Where poison messages go before they leave the stream: the service's
   * durable record (a rejection, a dead letter, a quarantine row). The
   * message is terminated only once this resolved; if it throws, the
   * message is redelivered with back-off and tried again.
   */
  poison?: { sink: PoisonSink; policy?: PoisonPolicy };
  /**
   * Topics consumed per partition (`<ns>.<topic>.<p>.>`, durable
   * `<service>-<stream>-p<p>`): `listen` does not subscribe them; the owner
   * of a partition's lease calls `startPartition(p)` and `stopPartition(p)`.
   */
  partitioned?: PartitionedTopic[];
}

/** A partition's consumers and the messages they have in flight. */
interface PartitionRun {
  subscriptions: ConsumerMessages[];
  inFlight: Set<Promise<void>>;
}

/** Records why a message is given up, durably; see `JetStreamTransportOptions.poison`. */
export type PoisonSink = (topic: TopicName, msg: JsMsg, verdict: PoisonVerdict) => Promise<void>;

const DEFAULTS: ConsumerSettings = { concurrency: 32, ackWaitMs: 30_000, maxAckPending: 10_000 };
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Lifetime of one pull request. A pull is held by the consumer's leader; when
 * that NATS node dies the pull dies with it and only two missed idle heartbeats
 * (half the lifetime each) make the client pull again. nats.js's 30 s default
 * halted a consumer for ~35 s after a node loss; 5 s bounds it at ~5 s, for one
 * re-pull every 5 s per idle consumer.
 */
const PULL_EXPIRES_MS = 5_000;

/**
 * NestJS transport over JetStream: each `@EventPattern<string>('<topic>')`
 * handler gets a durable pull consumer shared by every replica of the service.
 * Inbound JSON is validated against the topic's schema before the handler
 * runs. A handler's result (or error) is settled exactly once, here:
 * returned `Disposition` or nothing → ack; error → `verdictForError`. A
 * poison message (undecodable, permanently failing, failing `maxAttempts`
 * times, or delivered more than `maxDeliveries` times) is handed to the
 * poison sink and terminated only once its record is durable.
 * At most `concurrency` handlers hold a consumer slot at once; a handler may
 * give its slot back early with `ctx.release()` and settle later.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  private readonly subscriptions: ConsumerMessages[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failures = new FailureCounts();
  private readonly partitions = new Map<number, PartitionRun>();
  private readonly acks = new AckBatch();
  private listening = false;
  /** Read when consuming starts: the tracing SDK, if any, starts before the app. */
  private tracing = false;
  /** Handlers called as plain methods, by topic (see `directEventHandlers`). */
  private direct = new Map<string, MessageHandler>();
  private findDirect: (() => Map<string, MessageHandler>) | undefined;

  constructor(
    private readonly nats: NatsClient,
    private readonly options: JetStreamTransportOptions,
  ) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      this.tracing = tracingActive();
      this.direct = this.findDirect?.() ?? new Map<string, MessageHandler>();
      if (this.direct.size > 0) {
        this.logger.log(`handlers called directly: ${this.directTopics.join(', ')}`);
      }
      const partitioned = new Set<string>(this.options.partitioned ?? []);
      for (const topic of partitioned) await this.retireUnpartitioned(topic as PartitionedTopic);
      for (const pattern of this.messageHandlers.keys()) {
        if (partitioned.has(pattern)) continue;
        await this.subscribe(pattern as TopicName);
      }
      this.listening = true;
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private settingsFor(topic: TopicName): ConsumerSettings {
    return { ...DEFAULTS, ...this.options.consumers?.[topic] };
  }

  /** Partitions this process consumes now. */
  get runningPartitions(): number[] {
    return [...this.partitions.keys()].sort((a, b) => a - b);
  }

  /**
   * Starts consuming partition `p` of every partitioned topic (idempotent).
   * Only after `listen`: the handlers must be registered.
   */
  async startPartition(partition: number): Promise<void> {
    if (!this.listening) throw new Error('the transport is not listening yet');
    if (this.partitions.has(partition)) return;
    const run: PartitionRun = { subscriptions: [], inFlight: new Set() };
    this.partitions.set(partition, run);
    try {
      for (const topic of this.options.partitioned ?? []) {
        run.subscriptions.push(await this.subscribe(topic, { partition, inFlight: run.inFlight }));
      }
    } catch (error) {
      await this.stopPartition(partition);
      throw error;
    }
  }

  /**
   * Stops consuming partition `p` and resolves once every message it had in
   * flight is settled; what it had not yet handled goes to the next owner.
   */
  async stopPartition(partition: number): Promise<void> {
    const run = this.partitions.get(partition);
    if (!run) return;
    this.partitions.delete(partition);
    for (const subscription of run.subscriptions) await subscription.close();
    await Promise.allSettled([...run.inFlight]);
    this.acks.flush();
  }

  /**
   * The durable consumer of a topic from before it was partitioned takes
   * every subject, which a work-queue stream does not allow beside the
   * partitions' filtered consumers: it is deleted once it has nothing left
   * to deliver; with messages left, the start fails (drain them first).
   */
  private async retireUnpartitioned(topic: PartitionedTopic): Promise<void> {
    const stream = this.nats.ns.stream(topic);
    const durable = this.nats.ns.consumer(topic, this.options.service);
    let info;
    try {
      info = await this.nats.jsm.consumers.info(stream, durable);
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    if (info.num_pending > 0 || info.num_ack_pending > 0) {
      throw new Error(
        `${stream} still has ${info.num_pending + info.num_ack_pending} messages for the ` +
          `unpartitioned consumer ${durable}: drain them with the previous version first`,
      );
    }
    await this.nats.jsm.consumers.delete(stream, durable);
    this.logger.log(`deleted the drained unpartitioned consumer ${durable} of ${stream}`);
  }

  private async subscribe(
    topic: TopicName,
    partitioned?: { partition: number; inFlight: Set<Promise<void>> },
  ): Promise<ConsumerMessages> {
    const ns = this.nats.ns;
    const stream = ns.stream(topic);
    const durable = partitioned
      ? ns.partitionConsumer(topic as PartitionedTopic, this.options.service, partitioned.partition)
      : ns.consumer(topic, this.options.service);
    const settings = this.settingsFor(topic);
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: settings.ackWaitMs * 1_000_000,
      max_ack_pending: settings.maxAckPending,
      max_deliver: -1,
      ...(partitioned
        ? {
            filter_subject: ns.partitionWildcard(topic as PartitionedTopic, partitioned.partition),
          }
        : {}),
    };
    try {
      await this.nats.jsm.consumers.info(stream, durable);
      await this.nats.jsm.consumers.update(stream, durable, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.nats.jsm.consumers.add(stream, config);
    }
    // Looked up once: Nest's lookup tries JSON.parse on the pattern, a thrown error per message.
    const handler = this.direct.get(topic) ?? this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for topic ${topic}`);
    const consumer = await this.nats.js.consumers.get(stream, durable);
    const messages = await consumer.consume({
      max_messages: settings.concurrency,
      expires: PULL_EXPIRES_MS,
    });
    if (!partitioned) this.subscriptions.push(messages);
    void this.pump(
      topic,
      handler,
      messages,
      new Semaphore(settings.concurrency),
      settings.maxBytes ? new ByteBudget(settings.maxBytes) : undefined,
      partitioned?.inFlight,
    );
    return messages;
  }

  private async pump(
    topic: TopicName,
    handler: MessageHandler,
    messages: ConsumerMessages,
    slots: Semaphore,
    bytes: ByteBudget | undefined,
    partitionInFlight?: Set<Promise<void>>,
  ): Promise<void> {
    for await (const msg of messages) {
      // Held past this turn, a message must not keep its whole socket read alive.
      ownBytes(msg);
      await slots.acquire();
      const size = msg.data.length;
      await bytes?.acquire(size);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        bytes?.release(size);
        slots.release();
      };
      // Without a tracing SDK a span per message would be a no-op made of allocations.
      const handled = this.tracing
        ? this.traced(topic, handler, msg, release)
        : this.process(topic, handler, msg, release);
      const work = handled.finally(() => {
        release();
        this.inFlight.delete(work);
        partitionInFlight?.delete(work);
      });
      this.inFlight.add(work);
      partitionInFlight?.add(work);
    }
  }

  /**
   * One `CONSUMER` span per message, `process <topic>`, continuing the trace
   * context of the message's headers; the handler's work (its publishes, its
   * HTTP calls) runs inside it, so one event is one trace across services.
   */
  private traced(
    topic: TopicName,
    handler: MessageHandler,
    msg: JsMsg,
    release: () => void,
  ): Promise<void> {
    const parent = extractTraceContext(msg.headers);
    const span = messagingTracer().startSpan(
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.operation.type': 'process',
          'messaging.destination.name': msg.subject,
          'messaging.consumer.group.name': this.nats.ns.consumer(topic, this.options.service),
          'herald.delivery_count': msg.info.deliveryCount,
        },
      },
      parent,
    );
    return context
      .with(trace.setSpan(parent, span), () =>
        this.process(topic, handler, msg, release, (outcome) =>
          span.setAttribute('herald.disposition', outcome),
        ),
      )
      .catch((error: unknown) => {
        failSpan(span, error);
        throw error;
      })
      .finally(() => span.end());
  }

  private async process(
    topic: TopicName,
    handler: MessageHandler,
    msg: JsMsg,
    release: () => void,
    outcome: (disposition: string) => void = () => undefined,
  ): Promise<void> {
    const policy = this.options.poison?.policy ?? DEFAULT_POISON_POLICY;
    const overdue = verdictForDelivery(msg.info.deliveryCount, policy);
    if (overdue) {
      outcome('poison');
      return this.giveUp(topic, msg, overdue);
    }
    let decoded: Decoded;
    try {
      decoded = decode(topic, msg);
    } catch (error) {
      const reason = (error as Error).message;
      this.options.onRejected?.(topic, msg, reason);
      outcome('poison');
      return this.giveUp(topic, msg, { action: 'poison', code: 'undecodable', reason });
    }
    const { data, json } = decoded;
    // The handler reads the decoded value; a message it keeps must not keep its bytes too.
    const dropped = json !== undefined && dropData(msg);
    let disposition: Verdict;
    try {
      const result: unknown = await handler(data, new JetStreamContext([msg], release));
      const settled: unknown = isObservable(result)
        ? await lastValueFrom(result, { defaultValue: undefined })
        : result;
      disposition = isDisposition(settled) ? settled : { action: 'ack' };
    } catch (error) {
      const key = messageKey(msg);
      const failures = countsAsFailure(error) ? this.failures.add(key) : this.failures.peek(key);
      disposition = verdictForError(
        error,
        { failures, deliveryCount: msg.info.deliveryCount },
        policy,
      );
      if (disposition.action === 'nak') {
        this.logger.error(
          `${topic} handler failed (delivery ${msg.info.deliveryCount}), retrying in ${
            disposition.delayMs
          } ms: ${(error as Error).message}`,
        );
      }
    }
    outcome(disposition.action);
    if (disposition.action === 'poison') {
      // The record gets the message as received, written again from what was decoded.
      if (dropped) restoreData(msg, encoder.encode(JSON.stringify(json)));
      return this.giveUp(topic, msg, disposition);
    }
    if (disposition.action !== 'nak') this.failures.forget(messageKey(msg));
    if (disposition.action === 'ack') this.acks.add(msg);
    else settle(msg, disposition);
  }

  /** Records a poison message through the sink, then terminates it; if recording fails, retries later. */
  private async giveUp(topic: TopicName, msg: JsMsg, verdict: PoisonVerdict): Promise<void> {
    const sink = this.options.poison?.sink;
    try {
      if (sink) await sink(topic, msg, verdict);
      else this.logger.error(`no poison sink: dropping ${topic} message on ${msg.subject}`);
    } catch (error) {
      this.logger.error(
        `could not record poison ${topic} message on ${msg.subject} (${verdict.code}), retrying: ${
          (error as Error).message
        }`,
      );
      msg.nak(redeliveryDelay(msg.info.deliveryCount));
      return;
    }
    this.logger.warn(
      `gave up ${topic} message on ${msg.subject}: ${verdict.code}: ${verdict.reason}`,
    );
    this.failures.forget(messageKey(msg));
    msg.term();
  }

  /**
   * Where `listen` finds the handlers it may call directly, rather than
   * through Nest's RPC pipeline (`attachJetStreamTransport` sets it).
   */
  callDirectly(find: () => Map<string, MessageHandler>): void {
    this.findDirect = find;
  }

  /** Topics whose handler is called directly. */
  get directTopics(): string[] {
    return [...this.direct.keys()].sort();
  }

  async close(): Promise<void> {
    this.listening = false;
    for (const partition of this.runningPartitions) await this.stopPartition(partition);
    for (const subscription of this.subscriptions) await subscription.close();
    await Promise.allSettled([...this.inFlight]);
    this.acks.flush();
  }

  on(): never {
    throw new Error('JetStreamTransport does not emit events');
  }

  unwrap<T>(): T {
    return this.nats as T;
  }
}

/** What a handler receives (`data`) and, for a JSON topic, the JSON it was read from. */
interface Decoded {
  data: unknown;
  json?: unknown;
}

function decode(topic: TopicName, msg: JsMsg): Decoded {
  if (topic === 'ingest') return { data: msg.data };
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(msg.data));
  } catch {
    throw new Error('body is not valid JSON');
  }
  const parsed = TOPIC_SCHEMAS[topic].safeParse(json);
  if (!parsed.success) {
    throw new Error(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  return { data: parsed.data, json };
}

/** Identifies one stream message across its redeliveries. */
function messageKey(msg: JsMsg): string {
  return `${msg.info.stream}:${msg.info.streamSequence}`;
}

function isDisposition(value: unknown): value is Disposition {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['ack', 'nak', 'term'].includes((value as { action?: string }).action ?? '')
  );
}

function settle(msg: JsMsg, disposition: Disposition): void {
  switch (disposition.action) {
    case 'ack':
      msg.ack();
      return;
    case 'nak':
      msg.nak(disposition.delayMs);
      return;
    case 'term':
      // No reason on the wire: nats-server 2.9 ignores "+TERM <reason>" and keeps the message pending.
      msg.term();
      return;
  }
}

/**
 * Nest's default RPC filter replaces every unknown error with "Internal server
 * error"; this one lets the original error reach the transport, which maps it.
 */
@Catch()
export class PassThroughRpcFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Connects the JetStream transport to a (hybrid) app; call `startAllMicroservices()` next. */
export function attachJetStream(
  app: INestApplication,
  nats: NatsClient,
  options: JetStreamTransportOptions,
): INestMicroservice {
  return attachJetStreamTransport(app, new JetStreamTransport(nats, options));
}

/** Connects a transport built by the caller (which keeps it, e.g. to start partitions). */
export function attachJetStreamTransport(
  app: INestApplication,
  transport: JetStreamTransport,
): INestMicroservice {
  const microservice = app.connectMicroservice(
    { strategy: transport },
    { deferInitialization: true },
  );
  microservice.useGlobalFilters(new PassThroughRpcFilter());
  transport.callDirectly(() => directEventHandlers(app));
  return microservice;
}

/** Nest's metadata keys of method enhancers; a handler with any of them keeps Nest's pipeline. */
const ENHANCER_METADATA = ['__guards__', '__interceptors__', '__pipes__', '__exceptionFilters__'];
const RPC_PAYLOAD = 3;
const RPC_CONTEXT = 6;

/**
 * The `@EventPattern` handlers that can be called as plain methods, by
 * pattern: on a static (singleton) controller, with no guard, interceptor,
 * pipe or filter of their own or their class, taking `(@Payload(), @Ctx())`
 * in that order (either may be left out), and the only handler of their
 * pattern. Nest's RPC pipeline per message (execution context, argument
 * pipes, the interceptor chain as observables, the exception proxy) then
 * does nothing the transport does not already: it validates, settles and
 * maps errors itself (ADR 0100). Global enhancers are HTTP-only in Herald
 * and are not applied to these handlers. Any other handler keeps the
 * pipeline.
 */
export function directEventHandlers(app: INestApplication): Map<string, MessageHandler> {
  const found = new Map<string, MessageHandler>();
  const shared = new Set<string>();
  for (const module of app.get(ModulesContainer, { strict: false }).values()) {
    for (const wrapper of module.controllers.values()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.isDependencyTreeStatic()) continue;
      const type = instance.constructor;
      const classEnhanced = ENHANCER_METADATA.some((key) => Reflect.getMetadata(key, type));
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[name];
        if (name === 'constructor' || typeof method !== 'function') continue;
        const patterns = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
        if (!patterns) continue;
        const plain =
          !classEnhanced &&
          !ENHANCER_METADATA.some((key) => Reflect.getMetadata(key, method)) &&
          payloadThenContext(Reflect.getMetadata(PARAM_ARGS_METADATA, type, name));
        for (const pattern of patterns) {
          if (typeof pattern !== 'string') continue;
          if (found.has(pattern) || shared.has(pattern) || !plain) {
            // Nest runs several handlers of one pattern together; leave that to it.
            found.delete(pattern);
            shared.add(pattern);
            continue;
          }
          const call = method as (data: unknown, ctx: unknown) => Promise<unknown>;
          found.set(pattern, ((data: unknown, ctx: unknown) =>
            call.call(instance, data, ctx)) as MessageHandler);
        }
      }
    }
  }
  return found;
}

/** True when the method takes the payload first and the context second, with no pipes or data. */
function payloadThenContext(params: unknown): boolean {
  if (params === undefined) return true;
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    const { index, data, pipes } = value as { index: number; data?: unknown; pipes?: unknown[] };
    const type = Number(key.split(':')[0]);
    if (data !== undefined || (pipes?.length ?? 0) > 0) return false;
    if (!(type === RPC_PAYLOAD && index === 0) && !(type === RPC_CONTEXT && index === 1)) {
      return false;
    }
  }
  return true;
}
