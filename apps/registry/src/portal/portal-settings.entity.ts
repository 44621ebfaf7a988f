import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NullableColumn } from '@herald/database';

/**
 * A tenant's portal settings: which origins may embed the portal in an
 * iframe (`frame-ancestors`), and its theme. No row means the defaults:
 * no embedding, Herald's own colours, no logo.
 */
@Entity({ name: 'portal_settings' })
export class PortalSettingsEntity {
  @PrimaryColumn({ type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text', array: true })
  frameAncestors!: string[];

  @NullableColumn('text')
  logoUrl!: string | null;

  @NullableColumn('text')
  primaryColor!: string | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
