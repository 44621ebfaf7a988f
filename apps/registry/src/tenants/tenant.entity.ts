import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer of the platform: owns API keys and endpoints. Ids are UUIDs chosen by the registry. */
@Entity({ name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
