import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertKind } from '@herald/contracts';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { enforceQuota } from '@herald/tenant-limits';
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

export type NewDestination = Pick<
  Destination,
  'id' | 'url' | 'token' | 'enabled' | 'kinds' | 'description' | 'managedBy'
>;

export type DestinationChanges = Partial<
  Pick<Destination, 'url' | 'enabled' | 'kinds' | 'description'>
>;

/**
 * Table `destinations`. Every read and write is scoped by its owner, so a
 * tenant can never see or change another's destination (or the operators').
 * At most one operator destination exists (a unique index says so).
 * Tokens are stored encrypted (`@herald/secrets-crypto`): sealed here on
 * every write, opened only by the sender and the redactor. At start, tokens
 * stored in clear or under an older key are re-sealed with the first key.
 */
@Injectable()
export class DestinationStore implements OnModuleInit {
  private readonly logger = new Logger('DestinationStore');

  constructor(
    private readonly db: DataSource,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.box.encrypting) {
      this.logger.warn(
        'HERALD_SECRETS_KEY is not set (HERALD_DEV_MODE): destination tokens are stored in ' +
          'clear. Use this for local development only.',
      );
      return;
    }
    const rows = await this.db.query<{ id: string; token: string }[]>(
      'SELECT id, token FROM destinations',
    );
    let resealed = 0;
    for (const row of rows.filter((r) => this.box.isStale(r.token))) {
      const done = await this.db.query<[unknown[], number]>(
        'UPDATE destinations SET token = $2 WHERE id = $1 AND token = $3 RETURNING id',
        [row.id, this.box.reseal(row.token), row.token],
      );
      resealed += done[1];
    }
    if (resealed > 0) this.logger.log(`re-encrypted ${resealed} destination tokens`);
  }

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

  /**
   * Inserts; null when the owner is the operators and they already have one.
   * A tenant's destinations are capped at `quota` (409 `quota_exceeded`).
   */
  async create(owner: Owner, input: NewDestination, quota: number): Promise<Destination | null> {
    return this.db.transaction(async (manager) => {
      if (owner.scope === 'tenant') {
        await enforceQuota(manager, owner.tenantId, 'alertDestinations', quota, async () => {
          const [row] = await manager.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM destinations WHERE scope = 'tenant' AND tenant_id = $1`,
            [owner.tenantId],
          );
          return row?.n ?? 0;
        });
      }
      return this.insert(manager, owner, input);
    });
  }

  private async insert(
    manager: EntityManager,
    owner: Owner,
    input: NewDestination,
  ): Promise<Destination | null> {
    const rows = await manager.query<DestinationRow[]>(
      `INSERT INTO destinations (id, scope, tenant_id, url, token, enabled, kinds, description, managed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [
        input.id,
        owner.scope,
        owner.scope === 'tenant' ? owner.tenantId : null,
        input.url,
        this.box.seal(input.token),
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
      [id, this.box.seal(token), ...where.params],
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
    // Sealing is randomised: keep the stored value when it already holds this token.
    const current = await this.db.query<{ token: string }[]>(
      `SELECT token FROM destinations WHERE scope = 'operator'`,
    );
    const stored = current[0]?.token;
    const sealed =
      stored !== undefined && !this.box.isStale(stored) && this.openOrNull(stored) === token
        ? stored
        : this.box.seal(token);
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
      [id, url, sealed],
    );
  }

  private openOrNull(stored: string): string | null {
    try {
      return this.box.open(stored);
    } catch {
      return null;
    }
  }
}
