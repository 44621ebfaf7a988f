import { Column, Entity } from 'typeorm';
import { TenantRow } from './tenant-row.js';
import type { Envelope } from '@herald/contracts';

/**
 * One version of one event type of a tenant; (tenant, name, version) is
 * unique. Archived versions stay valid at ingest but new subscriptions may
 * not name them. `schema`, `envelope` and `example` are Postgres `json`
 * (text kept as given, so field order survives).
 */
@Entity({ name: 'event_types' })
export class EventTypeEntity extends TenantRow {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** JSON Schema of the payload; null accepts any JSON. */
  @Column({ type: 'json', nullable: true })
  schema!: unknown;

  @Column({ type: 'json', nullable: true })
  envelope!: Envelope | null;

  /** An example payload (as the producer publishes it); used by endpoint tests. */
  @Column({ type: 'json', nullable: true })
  example!: unknown;

  @Column({ type: 'boolean' })
  archived!: boolean;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
