import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Counter, type Registry } from 'prom-client';
import { applyEnvelope, defaultVersion } from '@herald/catalog';
import {
  BATCH_TOKEN,
  deliveryTaskId,
  taskOfGroup,
  type DeliveryGroup,
  type DeliveryTask,
  type Envelope,
  type EndpointView,
} from '@herald/contracts';
import { batchMessageId, GroupCommit, NatsClient, Publisher } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';
import { RegistryView } from '@herald/registry-view';
import { INGEST_CONFIG, type IngestConfig } from '../config.js';
import { messageIdFor, RejectedEvent } from './event-rules.js';
import { FANNED_OUT_AT, MessageLedger, WITH_FAN_OUT } from './message-ledger.js';
import { matchingEndpoints } from './matching.js';
import {
  largestTaskBytes,
  TASK_HEADER_ALLOWANCE,
  taskBytesBound,
  taskSizeProblem,
} from './task-size.js';

const encoder = new TextEncoder();

/** Most tasks in one batch message, and most bytes (capped at a quarter of `max_payload`). */
export const TASK_BATCH = { maxBatch: 100, maxBatchBytes: 256 * 1024 };

/** A batch's `Nats-Msg-Id` prefix: the digest is of its tasks' ids. */
const BATCH_ID_PREFIX = 'tasks';
/** The field of a `deliver.v1` batch that holds its groups (ADR 0106). */
const GROUPS_FIELD = 'groups';

/** How long a stored message not yet fanned out is taken to be in another replica's hands. */
export const FAN_OUT_UNDER_WAY_MS = 10_000;

/** Another copy of the event is being fanned out elsewhere: try this one again shortly. */
export class FanOutUnderWay extends Error {
  constructor(messageId: string) {
    super(`message ${messageId} is being fanned out by another copy`);
  }
}

export interface AcceptedEvent {
  tenantId: string;
  eventType: string;
  version: number;
  channel: string | null;
  idempotencyKey: string;
  /** Validated JSON text, exactly as received. */
  payload: string;
  /** The same, parsed (for payload filters and envelopes). */
  parsed: unknown;
  /** The version's envelope; null delivers the payload byte for byte. */
  envelope: Envelope | null;
  /** Deliver to this endpoint only, whatever its filters (endpoint tests). */
  targetEndpointId: string | null;
}

/**
 * Stores a message once and fans it out: one delivery task per matching
 * endpoint, disabled endpoints included (the dispatcher holds those tasks
 * until the endpoint is re-enabled or the hold expires). The body delivered
 * is computed once, when the message is stored (the envelope's fields and
 * its timestamp are fixed then), and stored beside the payload, so resends
 * and replays deliver the same bytes. Tasks are group-committed: those
 * fanned out while the previous publish awaits its PubAck ride together in
 * the next `deliver.v1` batch message (ADR 0094), an event's tasks written
 * once as a group, its payload once for all its endpoints (ADR 0106).
 * Idempotent end to end — a redelivered or re-sent event finds its row; if
 * the fan-out had not completed it is redone task by task, each under its
 * own `Nats-Msg-Id` (a task that an interrupted fan-out had already stored
 * in a batch may then be delivered twice: at least once). The message is
 * marked fanned out only after every task is durable, and the caller acks
 * after that.
 */
@Injectable()
export class FanOutService {
  private readonly accepted: Counter<'outcome'>;
  private readonly tasks: Counter;
  private readonly batches: GroupCommit<DeliveryGroup>;
  /** Fan-outs under way in this process, by message id. */
  private readonly underWay = new Map<string, Promise<void>>();

  constructor(
    private readonly db: DataSource,
    private readonly ledger: MessageLedger,
    private readonly publisher: Publisher,
    private readonly nats: NatsClient,
    private readonly registry: RegistryView,
    @Inject(METRICS_REGISTRY) metrics: Registry,
    @Inject(INGEST_CONFIG) config: IngestConfig,
  ) {
    this.accepted = new Counter({
      name: 'herald_ingest_messages_total',
      help: 'Events accepted by ingest (outcome: stored, or duplicate of a stored one)',
      labelNames: ['outcome'],
      registers: [metrics],
    });
    this.batches = new GroupCommit<DeliveryGroup>(
      {
        one: (group, json) => this.publishGroup(group, json),
        batch: (_lane, json, msgId) =>
          publisher.publishEncoded(
            'deliver.v1',
            nats.ns.subject('deliver.v1', BATCH_TOKEN),
            encoder.encode(json),
            msgId,
          ),
      },
      {
        maxBatch: TASK_BATCH.maxBatch,
        maxBatchBytes: Math.min(TASK_BATCH.maxBatchBytes, Math.floor(this.maxTaskBytes() / 4)),
        weightOf: (group) => group.endpointIds.length,
        // One lane: every task may ride with any other (one consumer takes them all).
        laneOf: () => 0,
        idOf: (group) => taskIdsOf(group).join('\n'),
        field: GROUPS_FIELD,
        idPrefix: BATCH_ID_PREFIX,
        maxWaitingBytes: config.HERALD_FANOUT_MAX_BYTES,
      },
    );
    this.tasks = new Counter({
      name: 'herald_ingest_delivery_tasks_total',
      help: 'Delivery tasks published by the fan-out',
      registers: [metrics],
    });
  }

  /**
   * The delivered body of an event, refused (`payload_too_large`) when its
   * delivery task would be over the server's `max_payload`: checked before
   * the message is stored, and by the HTTP route before it answers 202.
   */
  deliveredBody(
    event: Omit<AcceptedEvent, 'targetEndpointId'>,
    acceptedAt = new Date(),
  ): { messageId: string; body: string } {
    const messageId = messageIdFor(event.tenantId, event.idempotencyKey);
    const body = applyEnvelope(event.payload, event.parsed, event.envelope, {
      eventType: event.eventType,
      eventVersion: event.version,
      messageId,
      channel: event.channel,
      acceptedAt,
    });
    const task = {
      messageId,
      tenantId: event.tenantId,
      eventType: event.eventType,
      channel: event.channel,
      createdAt: acceptedAt.toISOString(),
    };
    const max = this.maxTaskBytes();
    // Serialising the task to size it exactly is needed only near the limit.
    if (taskBytesBound(task, body) <= max) return { messageId, body };
    const problem = taskSizeProblem(largestTaskBytes(task, body), max);
    if (problem !== null) throw new RejectedEvent('payload_too_large', problem);
    return { messageId, body };
  }

  /** The server's `max_payload` (1 MiB when the connection has not said). */
  private maxTaskBytes(): number {
    return this.nats.connection.info?.max_payload ?? 1_048_576;
  }

  /**
   * Stores the event once and fans it out. `delivery.first`: this is the
   * first delivery of the ingest message (a redelivery's own earlier
   * attempt is over, so its unfinished fan-out is redone at once).
   */
  async accept(
    event: AcceptedEvent,
    delivery: { first: boolean } = { first: true },
  ): Promise<{ messageId: string; duplicate: boolean }> {
    const acceptedAt = new Date();
    const { messageId, body } = this.deliveredBody(event, acceptedAt);
    const inserted = await this.ledger.insert({
      id: messageId,
      tenantId: event.tenantId,
      idempotencyKey: event.idempotencyKey,
      eventType: event.eventType,
      version: event.version,
      channel: event.channel,
      payload: event.payload,
      body: body === event.payload ? null : body,
      createdAt: acceptedAt,
    });
    let stored: StoredMessage;
    if (inserted) {
      stored = { ...event, body, createdAt: acceptedAt, fannedOut: false };
    } else {
      // A copy of an event (same idempotency key) whose fan-out is under way
      // here waits for it, and is then a duplicate.
      await this.underWay.get(messageId)?.catch(() => undefined);
      stored = await this.load(messageId, event);
      if (stored.fannedOut) {
        this.accepted.inc({ outcome: 'duplicate' });
        return { messageId, duplicate: true };
      }
      // Stored a moment ago and not fanned out: most likely another replica
      // is fanning it out now, in a batch this copy's tasks could not
      // de-duplicate against. Come back once it had time to finish.
      if (delivery.first && Date.now() - stored.createdAt.getTime() < FAN_OUT_UNDER_WAY_MS) {
        throw new FanOutUnderWay(messageId);
      }
    }
    const fanOut = this.fanOut(messageId, stored, inserted);
    this.underWay.set(messageId, fanOut);
    try {
      await fanOut;
    } finally {
      if (this.underWay.get(messageId) === fanOut) this.underWay.delete(messageId);
    }
    this.accepted.inc({ outcome: inserted ? 'stored' : 'duplicate' });
    return { messageId, duplicate: !inserted };
  }

  /**
   * Publishes one task per endpoint, then marks the message fanned out. A
   * first fan-out writes the tasks of up to `maxBatch` endpoints as one group
   * (ADR 0106); a fan-out being redone goes task by task under the tasks' own
   * ids, so JetStream drops those an earlier attempt published alone (ADR 0094).
   */
  private async fanOut(messageId: string, stored: StoredMessage, inserted: boolean): Promise<void> {
    const endpoints = this.endpointsFor(stored);
    const group = (endpointIds: string[]): DeliveryGroup => ({
      messageId,
      tenantId: stored.tenantId,
      eventType: stored.eventType,
      channel: stored.channel,
      payload: stored.body,
      createdAt: stored.createdAt.toISOString(),
      attempt: 1,
      notBefore: null,
      replayId: null,
      endpointIds,
    });
    const ids = endpoints.map((endpoint) => endpoint.id);
    if (inserted) {
      const chunks: Promise<void>[] = [];
      for (let i = 0; i < ids.length; i += TASK_BATCH.maxBatch) {
        chunks.push(this.batches.publish(group(ids.slice(i, i + TASK_BATCH.maxBatch))));
      }
      await Promise.all(chunks);
    } else if (ids.length > 0) {
      const redone = group(ids);
      await Promise.all(ids.map((id) => this.publishAlone(taskOfGroup(redone, id))));
    }
    this.tasks.inc(endpoints.length);
    await this.ledger.markFannedOut(messageId, ids);
  }

  /**
   * A group that found no other to ride with: one task goes alone, exactly as
   * without batching (its endpoint's subject, its own id); several go as a
   * batch of one group, or, if that would be over the server's
   * `max_payload`, each alone, one after another.
   */
  private async publishGroup(group: DeliveryGroup, json: string): Promise<void> {
    if (group.endpointIds.length === 1) {
      await this.publishAlone(taskOfGroup(group, group.endpointIds[0]!));
      return;
    }
    const message = `{"${GROUPS_FIELD}":[${json}]}`;
    if (Buffer.byteLength(message) + TASK_HEADER_ALLOWANCE > this.maxTaskBytes()) {
      // Near the server's limit: one task at a time, so their copies of the payload are not all held at once.
      for (const id of group.endpointIds) await this.publishAlone(taskOfGroup(group, id));
      return;
    }
    await this.publisher.publishEncoded(
      'deliver.v1',
      this.nats.ns.subject('deliver.v1', BATCH_TOKEN),
      encoder.encode(message),
      batchMessageId(BATCH_ID_PREFIX, taskIdsOf(group)),
    );
  }

  private publishAlone(task: DeliveryTask): Promise<unknown> {
    return this.publisher.publish('deliver.v1', task.endpointId, task, deliveryTaskId(task));
  }

  private endpointsFor(message: StoredMessage): EndpointView[] {
    if (message.targetEndpointId !== null) {
      const target = this.registry.endpoint(message.targetEndpointId);
      return target?.tenantId === message.tenantId ? [target] : [];
    }
    const versions = this.registry.eventTypeVersions(message.tenantId, message.eventType);
    return matchingEndpoints(
      this.registry.endpointsOf(message.tenantId),
      {
        eventType: message.eventType,
        version: message.version,
        channel: message.channel,
        payload: message.parsed,
      },
      defaultVersion(versions),
    );
  }

  /** A stored message whose fan-out may be incomplete: its own stored fields win. */
  private async load(messageId: string, event: AcceptedEvent): Promise<StoredMessage> {
    const rows = await this.db.query<MessageRow[]>(
      `SELECT m.tenant_id, m.event_type, m.event_version, m.channel, m.idempotency_key,
         m.payload, m.body, m.created_at, ${FANNED_OUT_AT} AS fanned_out_at
       FROM ${WITH_FAN_OUT} WHERE m.id = $1`,
      [messageId],
    );
    const row = rows[0];
    if (!row) throw new Error(`message ${messageId} vanished`);
    return {
      ...event,
      tenantId: row.tenant_id,
      eventType: row.event_type,
      version: row.event_version,
      channel: row.channel,
      idempotencyKey: row.idempotency_key,
      payload: row.payload,
      parsed: JSON.parse(row.payload) as unknown,
      body: row.body ?? row.payload,
      createdAt: row.created_at,
      fannedOut: row.fanned_out_at !== null,
    };
  }
}

interface StoredMessage extends AcceptedEvent {
  /** What receivers get: the payload with the envelope applied. */
  body: string;
  createdAt: Date;
  fannedOut: boolean;
}

interface MessageRow {
  tenant_id: string;
  event_type: string;
  event_version: number;
  channel: string | null;
  idempotency_key: string;
  payload: string;
  body: string | null;
  created_at: Date;
  fanned_out_at: Date | null;
}

/** The ids of a group's tasks, in the order of its endpoints. */
function taskIdsOf(group: DeliveryGroup): string[] {
  const { messageId, attempt, replayId } = group;
  return group.endpointIds.map((endpointId) =>
    deliveryTaskId({ messageId, endpointId, attempt, replayId }),
  );
}
