import { Column, Entity } from 'typeorm';
import { TextColumn } from '@herald/database';
import { RegistryRow } from './tenant-row.js';

/**
 * A customer of the platform: owns API keys, event types and endpoints. Ids
 * are UUIDs chosen by the registry. The settings constrain its endpoints
 * (`tenant-settings.ts`).
 */
@Entity({ name: 'tenants' })
export class TenantEntity extends RegistryRow {
  @TextColumn()
  name!: string;

  /** Refuse `http://` endpoint URLs. */
  @Column({ type: 'boolean' })
  httpsOnly!: boolean;

  /** Longest endpoint URL, in characters (never above HERALD_MAX_URL_LENGTH). */
  @Column({ type: 'integer' })
  maxUrlLength!: number;

  /** At most one endpoint per channel; every endpoint then names its channels. */
  @Column({ type: 'boolean' })
  uniqueChannelEndpoint!: boolean;

  /** Retry schedule of endpoints without their own; null = the dispatcher's default. */
  @Column({ type: 'integer', array: true, nullable: true })
  retryScheduleMs!: number[] | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
