import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, NullableColumn, TextColumn } from '@herald/database';
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

  @TextColumn()
  kind!: AlertKind;

  @NullableColumn('text')
  tenantId!: string | null;

  @NullableColumn('text')
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

  @NullableColumn('text')
  lastError!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @NullableColumn('timestamptz')
  sentAt!: Date | null;
}
