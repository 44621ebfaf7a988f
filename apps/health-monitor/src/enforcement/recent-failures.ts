import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One failed attempt, as much of it as the pause window needs. */
export interface RecentFailure {
  endpointId: string;
  tenantId: string;
  url: string;
  /** Epoch ms of the attempt. */
  at: number;
}

/**
 * Reads the attempt log to rebuild the failure windows at start-up. Returns
 * at most `perEndpoint` failures per endpoint (the newest), oldest first, so
 * the result stays small however many failures the log holds.
 */
@Injectable()
export class RecentFailures {
  constructor(private readonly db: DataSource) {}

  async since(since: Date, perEndpoint: number): Promise<RecentFailure[]> {
    const rows = await this.db.query<
      { endpoint_id: string; tenant_id: string; url: string; at: Date }[]
    >(
      `SELECT endpoint_id, tenant_id, url, at FROM (
         SELECT endpoint_id, tenant_id, url, at,
                row_number() OVER (PARTITION BY endpoint_id ORDER BY at DESC) AS newest
         FROM attempts
         WHERE outcome = 'failure' AND at > $1
       ) recent
       WHERE newest <= $2
       ORDER BY at`,
      [since, perEndpoint],
    );
    return rows.map((row) => ({
      endpointId: row.endpoint_id,
      tenantId: row.tenant_id,
      url: row.url,
      at: row.at.getTime(),
    }));
  }
}
