import { Column, Entity } from 'typeorm';
import { TenantRow } from './tenant-row.js';
import type { ApiKeyRole } from '@herald/contracts';

/**
 * An API key of a tenant. Only its SHA-256 (`hash`, unique) and its first
 * characters (`prefix`, for display) are stored; the key itself is shown once.
 * A key with `revokedAt` set authenticates nothing.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity extends TenantRow {
  @Column({ type: 'text' })
  role!: ApiKeyRole;

  /** What the key is for, as its creator put it (e.g. `billing-service`). */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text' })
  prefix!: string;

  @Column({ type: 'text', unique: true })
  hash!: string;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
