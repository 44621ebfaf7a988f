import { Injectable } from '@nestjs/common';
import { DataSource, type QueryDeepPartialEntity } from 'typeorm';
import type { AlertSignal } from '@herald/contracts';
import { AlertEntity, type AlertStatus } from './alert.entity.js';

/**
 * The `alerts` table. `claim` is idempotent (one row per alert id, first
 * payload wins); status moves pending → sent or pending → skipped and a
 * `sent` row never changes again.
 */
@Injectable()
export class AlertStore {
  constructor(private readonly db: DataSource) {}

  /** Stores the alert if it is new; returns its current status either way. */
  async claim(signal: AlertSignal): Promise<AlertStatus> {
    await this.db.query(
      `INSERT INTO alerts (alert_id, kind, tenant_id, payload)
       VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (alert_id) DO NOTHING`,
      [signal.alertId, signal.kind, signal.tenantId, JSON.stringify(signal)],
    );
    const rows = await this.db.query<{ status: AlertStatus }[]>(
      'SELECT status FROM alerts WHERE alert_id = $1',
      [signal.alertId],
    );
    const row = rows[0];
    if (!row) throw new Error(`alert ${signal.alertId} vanished`);
    return row.status;
  }

  async markSent(alertId: string): Promise<void> {
    await this.update(alertId, ['pending', 'skipped'], {
      status: 'sent',
      attempts: () => 'attempts + 1',
      sentAt: () => 'now()',
      lastError: null,
    });
  }

  /** Marks a pending alert skipped (no destination); true when this call changed it. */
  async markSkipped(alertId: string): Promise<boolean> {
    return (await this.update(alertId, ['pending'], { status: 'skipped' })) > 0;
  }

  async recordFailure(alertId: string, error: string): Promise<void> {
    await this.update(alertId, ['pending', 'skipped'], {
      attempts: () => 'attempts + 1',
      lastError: error.slice(0, 1024),
    });
  }

  /** Updates the alert if its status is one of `from`; returns the number of rows changed. */
  private async update(
    alertId: string,
    from: AlertStatus[],
    values: QueryDeepPartialEntity<AlertEntity>,
  ): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .update(AlertEntity)
      .set(values)
      .where('alert_id = :alertId AND status IN (:...from)', { alertId, from })
      .execute();
    return result.affected ?? 0;
  }
}
