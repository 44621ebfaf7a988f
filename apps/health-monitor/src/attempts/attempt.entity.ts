import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
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

  @Column({ type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  endpointId!: string;

  @Column({ type: 'text' })
  messageId!: string;

  @Column({ type: 'text' })
  eventType!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'text' })
  outcome!: AttemptOutcome['outcome'];

  @Column({ type: 'text' })
  reason!: AttemptReason;

  @Column({ type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'double precision' })
  latencyMs!: number;

  /** The endpoint's response, as truncated by the dispatcher. */
  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'boolean' })
  final!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
