import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NullableColumn, TextColumn } from '@herald/database';

/**
 * One accepted event, stored once whatever the number of endpoints it fans out
 * to. `id` is derived from (tenant, idempotency key), so the same event
 * published twice maps to the same row. Written once: its fan-out is marked
 * in `fan_outs` (ADR 0107).
 */
@Entity({ name: 'messages' })
@Index('messages_tenant_created_id_idx', ['tenantId', 'createdAt', 'id'])
export class MessageEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @TextColumn()
  tenantId!: string;

  @TextColumn()
  idempotencyKey!: string;

  @TextColumn()
  eventType!: string;

  /** Version of the event type the payload follows. */
  @Column({ type: 'integer' })
  eventVersion!: number;

  @NullableColumn('text')
  channel!: string | null;

  /** The producer's payload, byte for byte (text, not jsonb, which would reorder keys). */
  @TextColumn()
  payload!: string;

  /** What receivers get when the event type has an envelope; null: the payload itself. */
  @NullableColumn('text')
  body!: string | null;

  /** Superseded by `fan_outs` (ADR 0107); kept for one release so that the previous version's replicas work during a rolling update. */
  @Column({ type: 'text', array: true, nullable: true })
  endpointIds!: string[] | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  /** Superseded by `fan_outs` (ADR 0107), like `endpointIds`. */
  @NullableColumn('timestamptz')
  fannedOutAt!: Date | null;
}

/**
 * A message's fan-out, recorded once every delivery task is durable in
 * JetStream: the endpoints it created tasks for. Inserted, never updated, so
 * the message row is written once (ADR 0107).
 */
@Entity({ name: 'fan_outs' })
export class FanOutEntity {
  @PrimaryColumn({ type: 'text' })
  messageId!: string;

  @Column({ type: 'text', array: true })
  endpointIds!: string[];

  @Column({ type: 'timestamptz' })
  fannedOutAt!: Date;
}
