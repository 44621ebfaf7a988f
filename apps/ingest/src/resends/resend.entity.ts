import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, TextColumn } from '@herald/database';

/** One operator resend of one message to one endpoint: who asked, and the replay chain it started. */
@Entity({ name: 'resends' })
@Index('resends_tenant_created_idx', ['tenantId', 'createdAt'])
export class ResendEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @TextColumn()
  tenantId!: string;

  /** The API key that asked (its id, never the key). */
  @TextColumn()
  keyId!: string;

  @TextColumn()
  messageId!: string;

  @TextColumn()
  endpointId!: string;

  /** `rpl_<id>`: the task's `replayId`, naming its fresh attempt chain. */
  @Column({ type: 'text', unique: true })
  replayId!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
