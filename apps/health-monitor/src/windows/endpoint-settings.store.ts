import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface EndpointSettings {
  /** Successes slower than this count as slow; null means the default. */
  slowThresholdMs: number | null;
}

/**
 * Table `endpoint_settings`: per-endpoint health settings, owned by the
 * health-monitor (the registry owns the endpoint itself). Kept in memory
 * too — the attempt handler reads the threshold of every attempt — loaded
 * at start-up and whenever the replica takes a partition, and updated on
 * write. Every replica keeps its own copy: a change made through another
 * replica reaches the one holding the endpoint's partition by an
 * announcement (`HealthSettingsService`), which `refresh` applies.
 */
@Injectable()
export class EndpointSettingsStore {
  private readonly thresholds = new Map<string, { tenantId: string; slowThresholdMs: number }>();

  constructor(private readonly db: DataSource) {}

  async load(): Promise<void> {
    const rows = await this.db.query<
      { endpoint_id: string; tenant_id: string; slow_threshold_ms: number | null }[]
    >('SELECT endpoint_id, tenant_id, slow_threshold_ms FROM endpoint_settings');
    for (const row of rows) {
      if (row.slow_threshold_ms !== null) {
        this.thresholds.set(row.endpoint_id, {
          tenantId: row.tenant_id,
          slowThresholdMs: row.slow_threshold_ms,
        });
      }
    }
  }

  /** Re-reads one endpoint's settings (changed through another replica). */
  async refresh(endpointId: string): Promise<void> {
    const rows = await this.db.query<{ tenant_id: string; slow_threshold_ms: number | null }[]>(
      'SELECT tenant_id, slow_threshold_ms FROM endpoint_settings WHERE endpoint_id = $1',
      [endpointId],
    );
    const row = rows[0];
    if (!row || row.slow_threshold_ms === null) this.thresholds.delete(endpointId);
    else {
      this.thresholds.set(endpointId, {
        tenantId: row.tenant_id,
        slowThresholdMs: row.slow_threshold_ms,
      });
    }
  }

  /** The endpoint's slow threshold, or null when it uses the default. */
  slowThreshold(endpointId: string): number | null {
    return this.thresholds.get(endpointId)?.slowThresholdMs ?? null;
  }

  async save(endpointId: string, tenantId: string, settings: EndpointSettings): Promise<void> {
    await this.db.query(
      `INSERT INTO endpoint_settings (endpoint_id, tenant_id, slow_threshold_ms, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (endpoint_id) DO UPDATE SET
         slow_threshold_ms = EXCLUDED.slow_threshold_ms, updated_at = now()
       WHERE endpoint_settings.tenant_id = EXCLUDED.tenant_id`,
      [endpointId, tenantId, settings.slowThresholdMs],
    );
    if (settings.slowThresholdMs === null) this.thresholds.delete(endpointId);
    else this.thresholds.set(endpointId, { tenantId, slowThresholdMs: settings.slowThresholdMs });
  }
}
