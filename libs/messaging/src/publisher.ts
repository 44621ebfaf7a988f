import { Injectable } from '@nestjs/common';
import type { PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import type { JsonTopic, TopicPayloads } from '@herald/contracts';
import { NatsClient } from './nats-client.js';

const encoder = new TextEncoder();

/**
 * Typed JetStream publishing. Every publish carries a `Nats-Msg-Id` so that a
 * retried publish within the stream's duplicate window is stored once, and
 * resolves only once JetStream has persisted the message.
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
    return this.nats.js.publish(subject, encoder.encode(JSON.stringify(payload)), { msgID: msgId });
  }

  /** Publishes raw bytes with optional headers (the public ingest subject). */
  async publishRaw(
    subject: string,
    data: Uint8Array,
    options: { msgId?: string; headers?: Record<string, string> } = {},
  ): Promise<PubAck> {
    const h = natsHeaders();
    for (const [name, value] of Object.entries(options.headers ?? {})) h.set(name, value);
    return this.nats.js.publish(subject, data, {
      ...(options.msgId === undefined ? {} : { msgID: options.msgId }),
      headers: h,
    });
  }
}
