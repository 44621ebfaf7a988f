import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event that was refused, with the reason given to the producer. Kept for operators. */
@Entity({ name: 'rejections' })
export class RejectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  source!: 'nats' | 'http';

  @Column({ type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'text', nullable: true })
  eventType!: string | null;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** First bytes of the refused payload, to help the producer find the bad event. */
  @Column({ type: 'text', nullable: true })
  excerpt!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
