import { Injectable } from '@nestjs/common';
import type { PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import type { JsonTopic, TopicPayloads } from '@herald/contracts';
import { NatsClient } from './nats-client.js';
import { withPublishSpan } from './trace-context.js';

const encoder = new TextEncoder();

/**
 * Typed JetStream publishing. Every publish carries a `Nats-Msg-Id` so that a
 * retried publish within the stream's duplicate window is stored once, and
 * resolves only once JetStream has persisted the message. Each publish is a
 * `PRODUCER` span, and the active trace context travels in the message's
 * `traceparent` / `tracestate` headers.
 */
@Injectable()
export class Publisher {
  constructor(private readonly nats: NatsClient) {}

  async publish<T extends JsonTopic>(
    topic: T,
    key: string,
    payload: TopicPayloads[T],
    msgId: string,
  ): Promise<PubAck> {
    const subject = this.nats.ns.subject(topic, key);
    const data = encoder.encode(JSON.stringify(payload));
    return withPublishSpan(topic, subject, (trace) =>
      this.nats.js.publish(subject, data, { msgID: msgId, ...withHeaders(trace) }),
    );
  }

  /**
   * Publishes a payload of `topic` that the caller encoded itself (a batch
   * assembled from outcomes already in JSON) on an explicit subject.
   */
  async publishEncoded(
    topic: JsonTopic,
    subject: string,
    data: Uint8Array,
    msgId: string,
  ): Promise<PubAck> {
    return withPublishSpan(topic, subject, (trace) =>
      this.nats.js.publish(subject, data, { msgID: msgId, ...withHeaders(trace) }),
    );
  }

  /** Publishes raw bytes with optional headers (the public ingest subject). */
  async publishRaw(
    subject: string,
    data: Uint8Array,
    options: { msgId?: string; headers?: Record<string, string> } = {},
  ): Promise<PubAck> {
    return withPublishSpan('ingest', subject, (trace) => {
      const h = natsHeaders();
      for (const [name, value] of Object.entries({ ...options.headers, ...trace }))
        h.set(name, value);
      return this.nats.js.publish(subject, data, {
        ...(options.msgId === undefined ? {} : { msgID: options.msgId }),
        headers: h,
      });
    });
  }
}

/** Headers only when there is a trace context to carry (none when tracing is off). */
function withHeaders(trace: Record<string, string>): { headers?: MsgHdrs } {
  const entries = Object.entries(trace);
  if (entries.length === 0) return {};
  const h = natsHeaders();
  for (const [name, value] of entries) h.set(name, value);
  return { headers: h };
}
