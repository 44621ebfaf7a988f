import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { TOPIC_ROOTS, type TopicName } from '@herald/contracts';
import { isNotFound, NatsClient } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';
import { CLOCK, type Clock } from '@herald/runtime';

interface ConsumerFigures {
  stream: string;
  consumer: string;
  pending: number;
  ackPending: number;
  redelivered: number;
}

interface Snapshot {
  at: number;
  ok: boolean;
  streams: { stream: string; messages: number; oldestAgeSeconds: number }[];
  consumers: ConsumerFigures[];
}

/** A scrape never waits longer than this for JetStream. */
const TIMEOUT_MS = 2_000;

/**
 * JetStream backlog of every Herald stream of this namespace, read from the
 * server at scrape time (cached 1 s, shared by the gauges):
 *
 * - `herald_jetstream_stream_messages{stream}` — messages stored; every
 *   stream is a work queue, so these are messages not yet acked;
 * - `herald_jetstream_oldest_pending_age_seconds{stream}` — age of the oldest
 *   of them (0 when empty). On the deliver stream this includes retries
 *   waiting for their time and tasks held for disabled endpoints;
 * - `herald_jetstream_consumer_pending_messages{stream,consumer}` — the
 *   consumer's lag: messages not yet delivered to it;
 * - `herald_jetstream_consumer_ack_pending_messages{stream,consumer}` —
 *   delivered, not yet acked (in flight, or deferred with a delay);
 * - `herald_jetstream_consumer_redelivered_messages{stream,consumer}`;
 * - `herald_jetstream_up` — 1 when the last read succeeded.
 */
@Injectable()
export class JetStreamMetrics {
  private readonly logger = new Logger(JetStreamMetrics.name);
  private snapshot: Promise<Snapshot> | null = null;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly nats: NatsClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const registers = [registry];
    const read = () => this.read();
    const streamGauge = (name: string, help: string, pick: (s: Snapshot['streams'][0]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['stream'],
        registers,
        async collect() {
          const snapshot = await read();
          this.reset();
          for (const s of snapshot.streams) this.set({ stream: s.stream }, pick(s));
        },
      });
    const consumerGauge = (name: string, help: string, pick: (c: ConsumerFigures) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['stream', 'consumer'],
        registers,
        async collect() {
          const snapshot = await read();
          this.reset();
          for (const c of snapshot.consumers) {
            this.set({ stream: c.stream, consumer: c.consumer }, pick(c));
          }
        },
      });
    streamGauge(
      'herald_jetstream_stream_messages',
      'Messages stored in a Herald JetStream stream (work queues: not yet acked)',
      (s) => s.messages,
    );
    streamGauge(
      'herald_jetstream_oldest_pending_age_seconds',
      'Age of the oldest message still in a Herald JetStream stream (0 when empty)',
      (s) => s.oldestAgeSeconds,
    );
    consumerGauge(
      'herald_jetstream_consumer_pending_messages',
      'Consumer lag: messages of the stream not yet delivered to the consumer',
      (c) => c.pending,
    );
    consumerGauge(
      'herald_jetstream_consumer_ack_pending_messages',
      'Messages delivered to the consumer and not yet acked (in flight or deferred)',
      (c) => c.ackPending,
    );
    consumerGauge(
      'herald_jetstream_consumer_redelivered_messages',
      'Messages the consumer has had delivered more than once and not yet acked',
      (c) => c.redelivered,
    );
    new Gauge({
      name: 'herald_jetstream_up',
      help: '1 when the health-monitor could read JetStream stream and consumer state, else 0',
      registers,
      async collect() {
        this.set((await read()).ok ? 1 : 0);
      },
    });
  }

  private read(): Promise<Snapshot> {
    const now = this.clock.now();
    const cached = this.snapshot;
    if (cached) {
      return cached.then((s) => (now - s.at < 1_000 ? s : this.refresh(now)));
    }
    return this.refresh(now);
  }

  private refresh(now: number): Promise<Snapshot> {
    this.snapshot = withTimeout(this.collect(now), TIMEOUT_MS).catch((error: unknown) => {
      this.logger.warn(`reading JetStream state failed: ${(error as Error).message}`);
      return { at: now, ok: false, streams: [], consumers: [] };
    });
    return this.snapshot;
  }

  private async collect(now: number): Promise<Snapshot> {
    const snapshot: Snapshot = { at: now, ok: true, streams: [], consumers: [] };
    for (const topic of Object.keys(TOPIC_ROOTS) as TopicName[]) {
      const stream = this.nats.ns.stream(topic);
      let info;
      try {
        info = await this.nats.jsm.streams.info(stream);
      } catch (error) {
        if (isNotFound(error)) continue;
        throw error;
      }
      const { messages, first_ts: firstTs } = info.state;
      const oldest = messages > 0 && firstTs ? Date.parse(firstTs) : now;
      snapshot.streams.push({
        stream,
        messages,
        oldestAgeSeconds: Math.max(0, (now - oldest) / 1_000),
      });
      for await (const consumer of this.nats.jsm.consumers.list(stream)) {
        snapshot.consumers.push({
          stream,
          consumer: consumer.name,
          pending: consumer.num_pending,
          ackPending: consumer.num_ack_pending,
          redelivered: consumer.num_redelivered,
        });
      }
    }
    return snapshot;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
