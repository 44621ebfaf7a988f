import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { INGEST_HEADERS } from '@herald/contracts';

/**
 * Publishing to Herald from a product service over NATS JetStream: the
 * subject `<namespace>.ingest.<tenantId>.<eventType>` and the headers ingest
 * reads (idempotency key, channel, event version). The idempotency key also
 * becomes JetStream's `Nats-Msg-Id`, scoped to the tenant as ingest's HTTP
 * path does, so a retried publish is stored once by the server too.
 */
export interface HeraldEvent {
  tenantId: string;
  /** The event type's name, e.g. `order.paid` (dots allowed, no wildcards or spaces). */
  type: string;
  /** JSON-serialisable value, or the JSON bytes / text as is. */
  payload: unknown;
  /** Idempotency key: same key → same message. A random UUID when absent. */
  id?: string;
  /** Channel the event belongs to (endpoints may subscribe to channels). */
  channel?: string;
  /** Version of the event type the payload follows; ingest assumes 1 when absent. */
  version?: number;
}

export interface PublishedEvent {
  subject: string;
  idempotencyKey: string;
  /** JetStream stream sequence, and whether the server saw this key already. */
  seq: number;
  duplicate: boolean;
}

export class InvalidEventError extends Error {
  readonly code = 'invalid_event';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

const TOKEN = /^[A-Za-z0-9_-]+$/;
const EVENT_TYPE = /^[^\s*>.]+(\.[^\s*>.]+)*$/;

/** `<namespace>.ingest.<tenantId>.<eventType>`; refuses names that would change the subject. Pure. */
export function ingestSubject(namespace: string, tenantId: string, type: string): string {
  if (!TOKEN.test(namespace))
    throw new InvalidEventError(`namespace "${namespace}" is not a token`);
  if (!TOKEN.test(tenantId)) throw new InvalidEventError(`tenant id "${tenantId}" is not a token`);
  if (!EVENT_TYPE.test(type)) {
    throw new InvalidEventError(
      `event type "${type}" must be dot-separated names without spaces or wildcards`,
    );
  }
  return `${namespace}.ingest.${tenantId}.${type}`;
}

/** The headers of one event, by the names ingest reads. Pure. */
export function ingestHeaders(event: HeraldEvent, idempotencyKey: string): Record<string, string> {
  if (event.version !== undefined && !(Number.isInteger(event.version) && event.version > 0)) {
    throw new InvalidEventError(`version must be a positive integer, not ${event.version}`);
  }
  return {
    [INGEST_HEADERS.idempotencyKey]: idempotencyKey,
    ...(event.channel === undefined ? {} : { [INGEST_HEADERS.channel]: event.channel }),
    ...(event.version === undefined
      ? {}
      : { [INGEST_HEADERS.eventVersion]: String(event.version) }),
  };
}

const encoder = new TextEncoder();

function payloadBytes(payload: unknown): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  return encoder.encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
}

/**
 * Publishes events to Herald's ingest subject on a JetStream connection the
 * caller owns (and closes).
 *
 *   const producer = new HeraldProducer(jetstream(nc));
 *   await producer.publish({ tenantId, type: 'order.paid', payload: { order: 1 }, id: 'order-1' });
 */
export class HeraldProducer {
  constructor(
    private readonly js: JetStreamClient,
    private readonly options: { namespace?: string } = {},
  ) {}

  async publish(event: HeraldEvent): Promise<PublishedEvent> {
    const subject = ingestSubject(this.options.namespace ?? 'herald', event.tenantId, event.type);
    const idempotencyKey = event.id ?? randomUUID();
    const h = natsHeaders();
    for (const [name, value] of Object.entries(ingestHeaders(event, idempotencyKey))) {
      h.set(name, value);
    }
    const ack = await this.js.publish(subject, payloadBytes(event.payload), {
      headers: h,
      msgID: `${event.tenantId}:${idempotencyKey}`,
    });
    return { subject, idempotencyKey, seq: ack.seq, duplicate: ack.duplicate };
  }
}
