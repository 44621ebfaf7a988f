import { Column, Entity, Index } from 'typeorm';
import { NullableColumn, TextColumn } from '@herald/database';
import { TenantRow } from './tenant-row.js';

/**
 * A tenant's webhook endpoint and its filters. `eventTypes` is never empty;
 * an empty `channels` means every channel. `secret` is the Standard Webhooks
 * signing secret (`whsec_…`), returned only on create, by `/secret` and by a
 * rotation. Invariants: `disabledReason` and `disabledAt` are set exactly
 * when `enabled` is false; `previousSecret` and `previousSecretExpiresAt` are
 * set together (a rotation's grace period) or both null.
 */
@Entity({ name: 'endpoints' })
@Index('endpoints_tenant_created_idx', ['tenantId', 'createdAt', 'id'])
export class EndpointEntity extends TenantRow {
  @TextColumn()
  url!: string;

  @NullableColumn('text')
  description!: string | null;

  @Column({ type: 'text', array: true })
  eventTypes!: string[];

  @Column({ type: 'text', array: true })
  channels!: string[];

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** Encrypted at rest (`@herald/secrets-crypto`), like `previousSecret` and header values. */
  @TextColumn()
  secret!: string;

  /** Extra request headers the dispatcher sends with every delivery; values encrypted. */
  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  /** Predicate over the producer's payload (`@herald/payload-filter`); null matches all. */
  @NullableColumn('jsonb')
  // `object`, not Record<string, unknown>: TypeORM's partial types reject an index signature of unknown.
  payloadFilter!: object | null;

  /** Free-form labels, e.g. `{ "team": "billing" }`. */
  @Column({ type: 'jsonb' })
  metadata!: Record<string, string>;

  /** Per-endpoint request timeout; null means the dispatcher's default. */
  @NullableColumn('integer')
  timeoutMs!: number | null;

  /** Requests in flight at once per dispatcher replica; null = the dispatcher's default. */
  @NullableColumn('integer')
  concurrency!: number | null;

  /** Requests per second; null = unlimited. */
  @NullableColumn('double precision')
  rateLimitPerSecond!: number | null;

  /** Delays before attempt 2, 3, … in ms; null = the dispatcher's default schedule. */
  @Column({ type: 'integer', array: true, nullable: true })
  retryScheduleMs!: number[] | null;

  /** `operator` (PATCH enabled:false) or the dispatcher's reason (`endpoint_gone`). */
  @NullableColumn('text')
  disabledReason!: string | null;

  @NullableColumn('timestamptz')
  disabledAt!: Date | null;

  /** The secret replaced by the latest rotation; it keeps signing until it expires. */
  @NullableColumn('text')
  previousSecret!: string | null;

  @NullableColumn('timestamptz')
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
