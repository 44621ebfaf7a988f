import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertSignal } from '@herald/contracts';
import type { DeliveryLookup, DeliveryState } from '../destinations/delivery-lookup.js';
import type { Destination } from '../destinations/destination.js';
import {
  DestinationStore,
  toDestination,
  type DestinationRow,
  type Owner,
} from '../destinations/destination.store.js';
import { route } from '../routing/routing.js';
import { decideSuppression } from '../routing/suppression.js';
import type { AlertStatus } from './alert.entity.js';

/** What is left to do for an alert. */
export type Plan =
  | {
      status: 'pending';
      /** True when this call stored and routed the alert. */
      fresh: boolean;
      /** When the alert was first stored (epoch ms): retries stop HERALD_ALERT_MAX_AGE after it. */
      createdAt: number;
      suppressedBefore: number;
      deliveries: { destination: Destination; attempts: number }[];
    }
  | { status: Exclude<AlertStatus, 'pending'>; fresh: boolean };

const endpointOf = (signal: AlertSignal) => ('endpointId' in signal ? signal.endpointId : null);

/**
 * Tables `alerts`, `deliveries` and `suppressions`. Invariants:
 * - an alert id is stored once; the first storage routes it, decides
 *   suppression and creates its deliveries, all in one transaction — a
 *   redelivered signal only finds what is left to do;
 * - the suppression state of an (endpoint, kind) is read and written under
 *   a row lock, so replicas of alerting decide one after the other;
 * - a delivery moves pending → sent | failed | skipped and never back, and
 *   the alert's status follows from its deliveries.
 */
@Injectable()
export class AlertStore implements DeliveryLookup {
  constructor(
    private readonly db: DataSource,
    private readonly destinations: DestinationStore,
  ) {}

  async plan(signal: AlertSignal, suppressionWindowMs: number): Promise<Plan> {
    return this.db.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO alerts (alert_id, kind, tenant_id, endpoint_id, payload)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (alert_id) DO NOTHING
         RETURNING alert_id`,
        [signal.alertId, signal.kind, signal.tenantId, endpointOf(signal), JSON.stringify(signal)],
      );
      const fresh = inserted.length > 0;
      if (fresh) await this.route(manager, signal, suppressionWindowMs);
      return this.remaining(manager, signal.alertId, fresh);
    });
  }

  private async route(
    manager: EntityManager,
    signal: AlertSignal,
    windowMs: number,
  ): Promise<void> {
    const endpointId = endpointOf(signal);
    let targets = route(signal, await this.destinations.candidates(signal.tenantId, manager));
    if (targets.length === 0) return this.setStatus(manager, signal.alertId, 'skipped');
    if (signal.kind === 'endpoint.recovered' && endpointId !== null) {
      const owed: Destination[] = [];
      for (const target of targets) {
        if (await this.resolutionOwed(manager, target.id, endpointId)) owed.push(target);
      }
      targets = owed;
      if (targets.length === 0) return this.setStatus(manager, signal.alertId, 'suppressed');
    }
    let suppressedBefore = 0;
    if (endpointId !== null) {
      await manager.query(
        `INSERT INTO suppressions (endpoint_id, kind, last_sent_at, suppressed)
         VALUES ($1, $2, '-infinity', 0) ON CONFLICT DO NOTHING`,
        [endpointId, signal.kind],
      );
      const [row] = await manager.query<{ last_sent_at: Date | number; suppressed: number }[]>(
        'SELECT last_sent_at, suppressed FROM suppressions WHERE endpoint_id = $1 AND kind = $2 FOR UPDATE',
        [endpointId, signal.kind],
      );
      // A new row holds '-infinity' (pg returns it as a number): nothing sent yet.
      const lastSentAt = row?.last_sent_at instanceof Date ? row.last_sent_at.getTime() : -Infinity;
      const state = Number.isFinite(lastSentAt)
        ? { lastSentAt, suppressed: row?.suppressed ?? 0 }
        : null;
      const decision = decideSuppression(
        state,
        signal.kind,
        Date.parse(signal.occurredAt),
        windowMs,
      );
      await manager.query(
        'UPDATE suppressions SET last_sent_at = $3, suppressed = $4 WHERE endpoint_id = $1 AND kind = $2',
        [endpointId, signal.kind, new Date(decision.next.lastSentAt), decision.next.suppressed],
      );
      if (decision.action === 'suppress') {
        return this.setStatus(manager, signal.alertId, 'suppressed');
      }
      suppressedBefore = decision.suppressedBefore;
    }
    await manager.query('UPDATE alerts SET suppressed_before = $2 WHERE alert_id = $1', [
      signal.alertId,
      suppressedBefore,
    ]);
    await manager.query(
      `INSERT INTO deliveries (alert_id, destination_id)
       SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
      [signal.alertId, targets.map((t) => t.id)],
    );
  }

  /**
   * A resolved notice is owed to a destination that was sent a firing alert
   * about the endpoint after the last resolved notice it was sent.
   */
  private async resolutionOwed(
    manager: EntityManager,
    destinationId: string,
    endpointId: string,
  ): Promise<boolean> {
    const [row] = await manager.query<{ owed: boolean }[]>(
      `SELECT EXISTS (
         SELECT 1 FROM deliveries d JOIN alerts a ON a.alert_id = d.alert_id
         WHERE d.destination_id = $1 AND a.endpoint_id = $2
           AND a.kind NOT IN ('endpoint.recovered', 'test') AND d.status <> 'skipped'
           AND a.created_at > coalesce((
             SELECT max(r.created_at) FROM deliveries rd JOIN alerts r ON r.alert_id = rd.alert_id
             WHERE rd.destination_id = $1 AND r.endpoint_id = $2
               AND r.kind = 'endpoint.recovered' AND rd.status <> 'skipped'
           ), '-infinity')
       ) AS owed`,
      [destinationId, endpointId],
    );
    return row?.owed ?? false;
  }

  private async remaining(manager: EntityManager, alertId: string, fresh: boolean): Promise<Plan> {
    const [alert] = await manager.query<
      { status: AlertStatus; created_at: Date; suppressed_before: number }[]
    >('SELECT status, created_at, suppressed_before FROM alerts WHERE alert_id = $1', [alertId]);
    if (!alert) throw new Error(`alert ${alertId} vanished`);
    if (alert.status !== 'pending') return { status: alert.status, fresh };
    const rows = await manager.query<
      (DestinationRow & { attempts: number; delivery_of: string })[]
    >(
      `SELECT d.destination_id AS delivery_of, d.attempts, x.*
       FROM deliveries d LEFT JOIN destinations x ON x.id = d.destination_id
       WHERE d.alert_id = $1 AND d.status = 'pending'`,
      [alertId],
    );
    const deliveries: { destination: Destination; attempts: number }[] = [];
    for (const row of rows) {
      if (row.id) deliveries.push({ destination: toDestination(row), attempts: row.attempts });
      else await this.finish(alertId, row.delivery_of, 'skipped', null, manager);
    }
    return {
      status: 'pending',
      fresh,
      createdAt: alert.created_at.getTime(),
      suppressedBefore: alert.suppressed_before,
      deliveries,
    };
  }

  async delivered(alertId: string, destinationId: string, statusCode: number): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET status = 'sent', attempts = attempts + 1, last_status_code = $3,
         last_error = NULL, sent_at = now()
       WHERE alert_id = $1 AND destination_id = $2 AND status = 'pending'`,
      [alertId, destinationId, statusCode],
    );
  }

  async attemptFailed(
    alertId: string,
    destinationId: string,
    error: string,
    statusCode: number | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET attempts = attempts + 1, last_error = $3, last_status_code = $4
       WHERE alert_id = $1 AND destination_id = $2 AND status = 'pending'`,
      [alertId, destinationId, error.slice(0, 1_024), statusCode],
    );
  }

  /** Ends a pending delivery without sending: given up (`failed`) or no longer wanted (`skipped`). */
  async finish(
    alertId: string,
    destinationId: string,
    status: 'failed' | 'skipped',
    error: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.query(
      `UPDATE deliveries SET status = $3, last_error = coalesce($4, last_error)
       WHERE alert_id = $1 AND destination_id = $2 AND status = 'pending'`,
      [alertId, destinationId, status, error],
    );
  }

  /** Derives the alert's status, attempts and last error from its deliveries. */
  async settle(alertId: string): Promise<AlertStatus> {
    const [row] = await this.db.query<{ status: AlertStatus }[]>(
      `WITH d AS (SELECT * FROM deliveries WHERE alert_id = $1),
            summary AS (
              SELECT CASE
                  WHEN bool_or(status = 'pending') THEN 'pending'
                  WHEN bool_or(status = 'sent') THEN 'sent'
                  WHEN bool_and(status = 'skipped') THEN 'skipped'
                  ELSE 'failed' END AS status,
                coalesce(sum(attempts), 0)::int AS attempts,
                max(sent_at) AS sent_at,
                (SELECT last_error FROM d WHERE last_error IS NOT NULL AND status <> 'sent'
                   ORDER BY attempts DESC LIMIT 1) AS last_error
              FROM d)
       UPDATE alerts SET status = summary.status, attempts = summary.attempts,
         sent_at = summary.sent_at,
         last_error = CASE WHEN summary.status = 'sent' THEN NULL ELSE summary.last_error END
       FROM summary WHERE alerts.alert_id = $1 AND EXISTS (SELECT 1 FROM d)
       RETURNING alerts.status`,
      [alertId],
    );
    return row?.status ?? 'pending';
  }

  /** A delivery's state, for the test route. */
  async delivery(alertId: string, destinationId: string): Promise<DeliveryState | null> {
    const [row] = await this.db.query<DeliveryState[]>(
      `SELECT status, attempts, last_status_code, last_error FROM deliveries
       WHERE alert_id = $1 AND destination_id = $2`,
      [alertId, destinationId],
    );
    return row ?? null;
  }

  /** The owner's latest alerts with their deliveries, newest first. */
  async recent(owner: Owner, limit: number) {
    const tenantOnly = owner.scope === 'tenant';
    return this.db.query<
      {
        alert_id: string;
        kind: string;
        status: AlertStatus;
        payload: AlertSignal;
        created_at: Date;
        deliveries: {
          destinationId: string;
          status: string;
          attempts: number;
          lastError: string | null;
          sentAt: string | null;
        }[];
      }[]
    >(
      `SELECT a.alert_id, a.kind, a.status, a.payload, a.created_at,
         coalesce((SELECT json_agg(json_build_object(
             'destinationId', d.destination_id, 'status', d.status, 'attempts', d.attempts,
             'lastError', d.last_error, 'sentAt', d.sent_at) ORDER BY d.destination_id)
           FROM deliveries d JOIN destinations x ON x.id = d.destination_id
           WHERE d.alert_id = a.alert_id AND (x.scope = 'operator') = $3), '[]') AS deliveries
       FROM alerts a
       WHERE ($3 OR a.tenant_id = $1)
       ORDER BY a.created_at DESC, a.alert_id
       LIMIT $2`,
      [tenantOnly ? owner.tenantId : null, limit, !tenantOnly],
    );
  }

  private async setStatus(manager: EntityManager, alertId: string, status: AlertStatus) {
    await manager.query('UPDATE alerts SET status = $2 WHERE alert_id = $1', [alertId, status]);
  }
}
