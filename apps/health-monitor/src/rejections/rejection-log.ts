import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeferralReport } from '@herald/contracts';

/**
 * Table `rejections`: one row per dispatcher report (the windows are rebuilt
 * from it at start-up; retention prunes it with the attempt log).
 * `record` is idempotent: a redelivered report is stored, and counted, once.
 */
@Injectable()
export class RejectionLog {
  constructor(private readonly db: DataSource) {}

  /** Stores the report; true when this call stored it. */
  async record(report: DeferralReport): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO rejections (report_id, tenant_id, endpoint_id, at, breaker_open, endpoint_paused)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (report_id) DO NOTHING
       RETURNING report_id`,
      [
        report.reportId,
        report.tenantId,
        report.endpointId,
        report.to,
        report.counts.breaker_open,
        report.counts.endpoint_paused,
      ],
    );
    return rows.length > 0;
  }
}
