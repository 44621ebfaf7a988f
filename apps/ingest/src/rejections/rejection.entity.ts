import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, NullableColumn, TextColumn } from '@herald/database';

/** An event that was refused, with the reason given to the producer. Kept for operators. */
@Entity({ name: 'rejections' })
export class RejectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @TextColumn()
  source!: 'nats' | 'http';

  @NullableColumn('text')
  tenantId!: string | null;

  @NullableColumn('text')
  eventType!: string | null;

  @TextColumn()
  code!: string;

  @TextColumn()
  reason!: string;

  /** First bytes of the refused payload, to help the producer find the bad event. */
  @NullableColumn('text')
  excerpt!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
