import { Column, Entity } from 'typeorm';
import { NullableColumn, TextColumn } from '@herald/database';
import { TenantRow } from './tenant-row.js';
import type { ApiKeyRole } from '@herald/contracts';

/**
 * An API key of a tenant. Only its SHA-256 (`hash`, unique) and its first
 * characters (`prefix`, for display) are stored; the key itself is shown once.
 * A key with `revokedAt` set authenticates nothing.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity extends TenantRow {
  @TextColumn()
  role!: ApiKeyRole;

  /** What the key is for, as its creator put it (e.g. `billing-service`). */
  @NullableColumn('text')
  name!: string | null;

  @TextColumn()
  prefix!: string;

  @Column({ type: 'text', unique: true })
  hash!: string;

  @NullableColumn('timestamptz')
  revokedAt!: Date | null;
}
