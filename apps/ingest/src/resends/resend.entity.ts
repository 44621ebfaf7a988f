import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One operator resend of one message to one endpoint: who asked, and the replay chain it started. */
@Entity({ name: 'resends' })
@Index('resends_tenant_created_idx', ['tenantId', 'createdAt'])
export class ResendEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  tenantId!: string;

  /** The API key that asked (its id, never the key). */
  @Column({ type: 'text' })
  keyId!: string;

  @Column({ type: 'text' })
  messageId!: string;

  @Column({ type: 'text' })
  endpointId!: string;

  /** `rpl_<id>`: the task's `replayId`, naming its fresh attempt chain. */
  @Column({ type: 'text', unique: true })
  replayId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
