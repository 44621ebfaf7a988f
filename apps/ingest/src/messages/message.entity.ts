import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NullableColumn, TextColumn } from '@herald/database';

/**
 * One accepted event, stored once whatever the number of endpoints it fans out
 * to. `id` is derived from (tenant, idempotency key), so the same event
 * published twice maps to the same row. `fannedOutAt` is set only after every
 * delivery task is durable in JetStream.
 */
@Entity({ name: 'messages' })
@Index('messages_tenant_created_idx', ['tenantId', 'createdAt'])
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

  @Column({ type: 'text', array: true, nullable: true })
  endpointIds!: string[] | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @NullableColumn('timestamptz')
  fannedOutAt!: Date | null;
}
