import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertKind } from '@herald/contracts';
import type { Destination, DestinationScope } from './destination.js';

export interface DestinationRow {
  id: string;
  scope: DestinationScope;
  tenant_id: string | null;
  url: string;
  token: string;
  enabled: boolean;
  kinds: string[] | null;
  description: string | null;
  managed_by: 'api' | 'environment';
  created_at: Date;
  updated_at: Date;
  token_rotated_at: Date;
}

export const toDestination = (row: DestinationRow): Destination => ({
  id: row.id,
  scope: row.scope,
  tenantId: row.tenant_id,
  url: row.url,
  token: row.token,
  enabled: row.enabled,
  kinds: row.kinds as AlertKind[] | null,
  description: row.description,
  managedBy: row.managed_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  tokenRotatedAt: row.token_rotated_at.toISOString(),
});

/** Who is asking: a tenant sees only its own destinations, the operators only theirs. */
export type Owner = { scope: 'tenant'; tenantId: string } | { scope: 'operator' };

const ownerClause = (owner: Owner, first: number) =>
  owner.scope === 'operator'
    ? { sql: `scope = 'operator'`, params: [] as unknown[] }
    : { sql: `scope = 'tenant' AND tenant_id = $${first}`, params: [owner.tenantId] as unknown[] };

export interface NewDestination {
  id: string;
  url: string;
  token: string;
  enabled: boolean;
  kinds: AlertKind[] | null;
  description: string | null;
  managedBy: 'api' | 'environment';
}

export type DestinationChanges = Partial<
  Pick<Destination, 'url' | 'enabled' | 'kinds' | 'description'>
>;

/**
 * Table `destinations`. Every read and write is scoped by its owner, so a
 * tenant can never see or change another's destination (or the operators').
 * At most one operator destination exists (a unique index says so).
 */
@Injectable()
export class DestinationStore {
  constructor(private readonly db: DataSource) {}

  /** The enabled and disabled destinations an alert of this tenant may go to. */
  async candidates(tenantId: string | null, manager: EntityManager = this.db.manager) {
    const rows = await manager.query<DestinationRow[]>(
      `SELECT * FROM destinations WHERE scope = 'operator' OR tenant_id = $1`,
      [tenantId],
    );
    return rows.map(toDestination);
  }

  async byId(id: string): Promise<Destination | null> {
    const rows = await this.db.query<DestinationRow[]>('SELECT * FROM destinations WHERE id = $1', [
      id,
    ]);
    return rows[0] ? toDestination(rows[0]) : null;
  }

  async list(owner: Owner): Promise<Destination[]> {
    const where = ownerClause(owner, 1);
    const rows = await this.db.query<DestinationRow[]>(
      `SELECT * FROM destinations WHERE ${where.sql} ORDER BY created_at, id`,
      where.params,
    );
    return rows.map(toDestination);
  }

  async find(owner: Owner, id: string): Promise<Destination | null> {
    const where = ownerClause(owner, 2);
    const rows = await this.db.query<DestinationRow[]>(
      `SELECT * FROM destinations WHERE id = $1 AND ${where.sql}`,
      [id, ...where.params],
    );
    return rows[0] ? toDestination(rows[0]) : null;
  }

  /** Inserts; null when the owner is the operators and they already have one. */
  async create(owner: Owner, input: NewDestination): Promise<Destination | null> {
    const rows = await this.db.query<DestinationRow[]>(
      `INSERT INTO destinations (id, scope, tenant_id, url, token, enabled, kinds, description, managed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [
        input.id,
        owner.scope,
        owner.scope === 'tenant' ? owner.tenantId : null,
        input.url,
        input.token,
        input.enabled,
        input.kinds,
        input.description,
        input.managedBy,
      ],
    );
    return rows[0] ? toDestination(rows[0]) : null;
  }

  async update(owner: Owner, id: string, changes: DestinationChanges): Promise<Destination | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (changes.url !== undefined) set('url', changes.url);
    if (changes.enabled !== undefined) set('enabled', changes.enabled);
    if (changes.kinds !== undefined) set('kinds', changes.kinds);
    if (changes.description !== undefined) set('description', changes.description);
    const where = ownerClause(owner, params.length + 1);
    const rows = await this.db.query<[DestinationRow[], number]>(
      `UPDATE destinations SET ${[...sets, 'updated_at = now()'].join(', ')}
       WHERE id = $1 AND ${where.sql} RETURNING *`,
      [...params, ...where.params],
    );
    const updated = rows[0]?.[0];
    return updated ? toDestination(updated) : null;
  }

  async rotateToken(owner: Owner, id: string, token: string): Promise<Destination | null> {
    const where = ownerClause(owner, 3);
    const rows = await this.db.query<[DestinationRow[], number]>(
      `UPDATE destinations SET token = $2, token_rotated_at = now(), updated_at = now()
       WHERE id = $1 AND ${where.sql} RETURNING *`,
      [id, token, ...where.params],
    );
    const updated = rows[0]?.[0];
    return updated ? toDestination(updated) : null;
  }

  async remove(owner: Owner, id: string): Promise<boolean> {
    const where = ownerClause(owner, 2);
    const rows = await this.db.query<[unknown[], number]>(
      `DELETE FROM destinations WHERE id = $1 AND ${where.sql} RETURNING id`,
      [id, ...where.params],
    );
    return (rows[0]?.length ?? 0) > 0;
  }

  /**
   * Makes the operators' destination match HERALD_ALERT_WEBHOOK_URL and
   * HERALD_ALERT_TOKEN (the environment wins for URL and token; enabled and
   * kinds stay as managed over the API).
   */
  async syncFromEnvironment(id: string, url: string, token: string): Promise<void> {
    await this.db.query(
      `INSERT INTO destinations (id, scope, tenant_id, url, token, managed_by)
       VALUES ($1, 'operator', NULL, $2, $3, 'environment')
       ON CONFLICT (scope) WHERE scope = 'operator' DO UPDATE SET
         url = EXCLUDED.url,
         token = EXCLUDED.token,
         managed_by = 'environment',
         token_rotated_at = CASE WHEN destinations.token = EXCLUDED.token
           THEN destinations.token_rotated_at ELSE now() END,
         updated_at = now()`,
      [id, url, token],
    );
  }
}
