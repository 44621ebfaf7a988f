import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns every registry row with an id has: its UUID (chosen by the
 * registry) and when it was created. Entities extend it; it is not a table.
 */
export abstract class RegistryRow {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A row a tenant owns: it goes with its tenant (`ON DELETE CASCADE`). */
export abstract class TenantRow extends RegistryRow {
  @Column({ type: 'uuid' })
  tenantId!: string;
}
