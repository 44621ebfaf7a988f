import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AlertKind, AlertSignal } from '@herald/contracts';

/**
 * `pending` — deliveries to make; `sent` — every routed destination was
 * served; `skipped` — no destination wanted it; `suppressed` — held back by
 * the suppression window (or a resolved notice with nothing to resolve);
 * `failed` — given up after HERALD_ALERT_MAX_AGE.
 */
export type AlertStatus = 'pending' | 'sent' | 'skipped' | 'suppressed' | 'failed';

/**
 * One operator alert, keyed by the signal's stable `alertId`: a signal
 * delivered twice maps to one row, and a row that reached `sent` is never
 * sent again. `payload` is the signal as received — it carries no secrets,
 * and the destination's token is never written here.
 */
@Entity({ name: 'alerts' })
@Index('alerts_tenant_created_idx', ['tenantId', 'createdAt'])
export class AlertEntity {
  @PrimaryColumn({ type: 'text' })
  alertId!: string;

  @Column({ type: 'text' })
  kind!: AlertKind;

  @Column({ type: 'text', nullable: true })
  tenantId!: string | null;

  @Column({ type: 'text', nullable: true })
  endpointId!: string | null;

  /** Alerts of its kind and endpoint suppressed before it (it reports them). */
  @Column({ type: 'integer', default: 0 })
  suppressedBefore!: number;

  @Column({ type: 'jsonb' })
  payload!: AlertSignal;

  @Column({ type: 'text', default: 'pending' })
  status!: AlertStatus;

  /** POSTs made so far, successful or not. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
