import { Column, Entity } from 'typeorm';
import { NullableColumn, TextColumn } from '@herald/database';
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
  @TextColumn()
  name!: string;

  @Column({ type: 'integer' })
  version!: number;

  @NullableColumn('text')
  description!: string | null;

  /** JSON Schema of the payload; null accepts any JSON. */
  @NullableColumn('json')
  schema!: unknown;

  @NullableColumn('json')
  envelope!: Envelope | null;

  /** An example payload (as the producer publishes it); used by endpoint tests. */
  @NullableColumn('json')
  example!: unknown;

  @Column({ type: 'boolean' })
  archived!: boolean;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
