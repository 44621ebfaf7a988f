import { Column, Entity } from 'typeorm';
import { NullableColumn } from '@herald/database';
import { TenantRow } from '../entities/tenant-row.js';

/**
 * A tenant's producer NATS credentials. Only the user's public key (its
 * identity, and what a revocation names) is stored; the seed and the
 * `.creds` file are shown once. `revokedAt` set: the account JWT the NATS
 * servers hold lists the key as revoked (or will, at the next sync).
 */
@Entity({ name: 'nats_credentials' })
export class NatsCredentialEntity extends TenantRow {
  @NullableColumn('text')
  name!: string | null;

  @Column({ type: 'text', unique: true })
  publicKey!: string;

  @NullableColumn('timestamptz')
  expiresAt!: Date | null;

  @NullableColumn('timestamptz')
  revokedAt!: Date | null;
}
