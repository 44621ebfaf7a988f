import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Counter, type Registry } from 'prom-client';
import { deliveryTaskId, type DeliveryTask } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { METRICS_REGISTRY } from '@herald/observability';
import { RegistryView } from '@herald/registry-view';
import { messageIdFor } from './event-rules.js';
import { matchingEndpoints } from './matching.js';

export interface AcceptedEvent {
  tenantId: string;
  eventType: string;
  channel: string | null;
  idempotencyKey: string;
  /** Validated JSON text, exactly as received. */
  payload: string;
}

/**
 * Stores a message once and fans it out: one delivery task per matching
 * endpoint, disabled endpoints included (the dispatcher holds those tasks
 * until the endpoint is re-enabled or the hold expires). Idempotent end to
 * end — a redelivered or re-sent event finds its row; if the fan-out had not
 * completed it is redone, and JetStream's `Nats-Msg-Id` de-duplication keeps
 * each task single. The message is marked fanned out only after every task is
 * durable, and the caller acks after that.
 */
@Injectable()
export class FanOutService {
  private readonly accepted: Counter<'outcome'>;
  private readonly tasks: Counter;

  constructor(
    private readonly db: DataSource,
    private readonly publisher: Publisher,
    private readonly registry: RegistryView,
    @Inject(METRICS_REGISTRY) metrics: Registry,
  ) {
    this.accepted = new Counter({
      name: 'herald_ingest_messages_total',
      help: 'Events accepted by ingest (outcome: stored, or duplicate of a stored one)',
      labelNames: ['outcome'],
      registers: [metrics],
    });
    this.tasks = new Counter({
      name: 'herald_ingest_delivery_tasks_total',
      help: 'Delivery tasks published by the fan-out',
      registers: [metrics],
    });
  }

  async accept(event: AcceptedEvent): Promise<{ messageId: string; duplicate: boolean }> {
    const messageId = messageIdFor(event.tenantId, event.idempotencyKey);
    const inserted = await this.db.query<{ created_at: Date }[]>(
      `INSERT INTO messages (id, tenant_id, idempotency_key, event_type, channel, payload)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING
       RETURNING created_at`,
      [
        messageId,
        event.tenantId,
        event.idempotencyKey,
        event.eventType,
        event.channel,
        event.payload,
      ],
    );
    let stored: StoredMessage;
    if (inserted[0]) {
      stored = { ...event, createdAt: inserted[0].created_at, fannedOut: false };
    } else {
      stored = await this.load(messageId);
      if (stored.fannedOut) {
        this.accepted.inc({ outcome: 'duplicate' });
        return { messageId, duplicate: true };
      }
    }
    const endpoints = matchingEndpoints(
      this.registry.endpointsOf(stored.tenantId),
      stored.eventType,
      stored.channel,
    );
    await Promise.all(
      endpoints.map((endpoint) => {
        const task: DeliveryTask = {
          messageId,
          tenantId: stored.tenantId,
          endpointId: endpoint.id,
          eventType: stored.eventType,
          channel: stored.channel,
          payload: stored.payload,
          createdAt: stored.createdAt.toISOString(),
          attempt: 1,
          notBefore: null,
          replayId: null,
        };
        return this.publisher.publish('deliver.v1', endpoint.id, task, deliveryTaskId(task));
      }),
    );
    this.tasks.inc(endpoints.length);
    await this.db.query(
      'UPDATE messages SET fanned_out_at = now(), endpoint_ids = $2 WHERE id = $1',
      [messageId, endpoints.map((e) => e.id)],
    );
    this.accepted.inc({ outcome: inserted[0] ? 'stored' : 'duplicate' });
    return { messageId, duplicate: !inserted[0] };
  }

  private async load(messageId: string): Promise<StoredMessage> {
    const rows = await this.db.query<MessageRow[]>(
      `SELECT tenant_id, event_type, channel, idempotency_key, payload, created_at, fanned_out_at
       FROM messages WHERE id = $1`,
      [messageId],
    );
    const row = rows[0];
    if (!row) throw new Error(`message ${messageId} vanished`);
    return {
      tenantId: row.tenant_id,
      eventType: row.event_type,
      channel: row.channel,
      idempotencyKey: row.idempotency_key,
      payload: row.payload,
      createdAt: row.created_at,
      fannedOut: row.fanned_out_at !== null,
    };
  }
}

interface StoredMessage extends AcceptedEvent {
  createdAt: Date;
  fannedOut: boolean;
}

interface MessageRow {
  tenant_id: string;
  event_type: string;
  channel: string | null;
  idempotency_key: string;
  payload: string;
  created_at: Date;
  fanned_out_at: Date | null;
}
