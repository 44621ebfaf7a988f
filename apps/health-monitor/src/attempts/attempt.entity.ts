import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, NullableColumn, TextColumn } from '@herald/database';
import type { AttemptOutcome, AttemptReason } from '@herald/contracts';

/**
 * One HTTP attempt, as reported by the dispatcher. `attemptId` is the
 * primary key, so a redelivered outcome never adds a second row; rows are
 * never updated. Reads are always scoped by `tenantId`.
 */
@Entity({ name: 'attempts' })
@Index('attempts_tenant_endpoint_at_idx', ['tenantId', 'endpointId', 'at'])
@Index('attempts_failures_at_idx', ['at'], { where: "outcome = 'failure'" })
export class AttemptEntity {
  @PrimaryColumn({ type: 'text' })
  attemptId!: string;

  @TextColumn()
  tenantId!: string;

  @TextColumn()
  endpointId!: string;

  @TextColumn()
  messageId!: string;

  @TextColumn()
  eventType!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @TextColumn()
  outcome!: AttemptOutcome['outcome'];

  @TextColumn()
  reason!: AttemptReason;

  @NullableColumn('integer')
  statusCode!: number | null;

  @NullableColumn('text')
  error!: string | null;

  @Column({ type: 'double precision' })
  latencyMs!: number;

  /** The endpoint's response, as truncated by the dispatcher. */
  @NullableColumn('text')
  responseBody!: string | null;

  @TextColumn()
  url!: string;

  @Column({ type: 'boolean' })
  final!: boolean;

  @NullableColumn('timestamptz')
  nextAttemptAt!: Date | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @CreatedAtColumn()
  recordedAt!: Date;
}
