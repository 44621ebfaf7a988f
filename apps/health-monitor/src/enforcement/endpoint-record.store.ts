import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertKind } from '@herald/contracts';
import type { EndpointRecord } from '../policies/endpoint-record.js';

interface Row {
  endpoint_id: string;
  tenant_id: string;
  url: string;
  last_success_at: Date | null;
  failing_since: Date | null;
  last_failure_at: Date | null;
  streak_failures: number;
  last_status_code: number | null;
  last_error: string | null;
  warned_percent: number;
  disabled_at: Date | null;
  incident_since: Date | null;
  incident_kinds: string[];
  incident_failures: number;
}

const ms = (date: Date | null) => (date === null ? null : date.getTime());
const date = (epoch: number | null) => (epoch === null ? null : new Date(epoch));

/**
 * Table `endpoint_health`: one row per endpoint with a failure streak or an
 * open incident; idle endpoints have none. `save` is an upsert of the whole
 * record; `remove` deletes it. (Consecutive successes during an incident are
 * not stored: after a restart recovery counts them again.)
 */
@Injectable()
export class EndpointRecordStore {
  constructor(private readonly db: DataSource) {}

  async all(): Promise<EndpointRecord[]> {
    return (await this.db.query<Row[]>('SELECT * FROM endpoint_health')).map(toRecord);
  }

  /** One endpoint's record as last written, or undefined. */
  async one(endpointId: string): Promise<EndpointRecord | undefined> {
    const rows = await this.db.query<Row[]>(
      'SELECT * FROM endpoint_health WHERE endpoint_id = $1',
      [endpointId],
    );
    return rows.map(toRecord)[0];
  }

  async save(record: EndpointRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO endpoint_health (endpoint_id, tenant_id, url, last_success_at, failing_since,
         last_failure_at, streak_failures, last_status_code, last_error, warned_percent,
         disabled_at, incident_since, incident_kinds, incident_failures, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
       ON CONFLICT (endpoint_id) DO UPDATE SET
         tenant_id = EXCLUDED.tenant_id, url = EXCLUDED.url,
         last_success_at = EXCLUDED.last_success_at, failing_since = EXCLUDED.failing_since,
         last_failure_at = EXCLUDED.last_failure_at, streak_failures = EXCLUDED.streak_failures,
         last_status_code = EXCLUDED.last_status_code, last_error = EXCLUDED.last_error,
         warned_percent = EXCLUDED.warned_percent, disabled_at = EXCLUDED.disabled_at,
         incident_since = EXCLUDED.incident_since, incident_kinds = EXCLUDED.incident_kinds,
         incident_failures = EXCLUDED.incident_failures, updated_at = now()`,
      [
        record.endpointId,
        record.tenantId,
        record.url,
        date(record.lastSuccessAt),
        date(record.failingSince),
        date(record.lastFailureAt),
        record.streakFailures,
        record.lastStatusCode,
        record.lastError?.slice(0, 1_024) ?? null,
        record.warnedPercent,
        date(record.disabledAt),
        date(record.incidentSince),
        record.incidentKinds,
        record.incidentFailures,
      ],
    );
  }

  async remove(endpointId: string): Promise<void> {
    await this.db.query('DELETE FROM endpoint_health WHERE endpoint_id = $1', [endpointId]);
  }
}

function toRecord(row: Row): EndpointRecord {
  return {
    endpointId: row.endpoint_id,
    tenantId: row.tenant_id,
    url: row.url,
    lastSuccessAt: ms(row.last_success_at),
    failingSince: ms(row.failing_since),
    lastFailureAt: ms(row.last_failure_at),
    streakFailures: row.streak_failures,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    warnedPercent: row.warned_percent,
    disabledAt: ms(row.disabled_at),
    incidentSince: ms(row.incident_since),
    incidentKinds: row.incident_kinds as AlertKind[],
    incidentFailures: row.incident_failures,
    incidentSuccesses: 0,
  };
}
