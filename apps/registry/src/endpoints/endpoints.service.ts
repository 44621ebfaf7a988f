import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { REGISTRY_KEYS } from '@herald/contracts';
import { SECRET_BOX, type SecretBox } from '@herald/secrets-crypto';
import { decodeCursor, notFound, toPage, type Page } from '@herald/http-api';
import { CLOCK, type Clock } from '@herald/runtime';
import { TenantQuotas } from '../quotas/tenant-quotas.js';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { isUuid } from '../uuid.js';
import { EndpointEntity } from '../entities/endpoint.entity.js';
import { settingColumns, statusAfter } from './endpoint-changes.js';
import { EndpointGuards } from './endpoint-guards.js';
import type { CreateEndpointInput, PatchEndpointInput } from './endpoint-input.js';
import {
  toEndpointResponse,
  type CreatedEndpoint,
  type EndpointResponse,
} from './endpoint.response.js';
import { generateEndpointSecret } from './endpoint-secret.js';

export interface EndpointListQuery {
  limit: number;
  cursor?: string | undefined;
  /** `key:value` labels the endpoint must all carry. */
  label: Record<string, string>;
  enabled?: boolean | undefined;
}

/**
 * A tenant's endpoints. Every query is scoped by tenant id, so another
 * tenant's endpoint is indistinguishable from a missing one (404). Writes are
 * checked against the tenant's settings and catalog in their transaction
 * (`EndpointGuards`). Every committed change is published to the read model
 * before the call returns.
 */
@Injectable()
export class EndpointsService {
  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
    private readonly guards: EndpointGuards,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly quotas: TenantQuotas,
  ) {}

  private get repo() {
    return this.db.getRepository(EndpointEntity);
  }

  async create(tenantId: string, input: CreateEndpointInput): Promise<CreatedEndpoint> {
    const now = new Date(this.clock.now());
    const secret = generateEndpointSecret();
    const headers = input.headers ?? {};
    const row: EndpointEntity = {
      id: randomUUID(),
      tenantId,
      url: input.url,
      description: input.description ?? null,
      eventTypes: input.eventTypes,
      channels: input.channels ?? [],
      ...statusAfter(null, input.enabled ?? true, now),
      secret: this.box.seal(secret),
      previousSecret: null,
      previousSecretExpiresAt: null,
      headers: this.box.sealValues(headers),
      payloadFilter: input.payloadFilter ?? null,
      metadata: input.metadata ?? {},
      timeoutMs: input.timeoutMs ?? null,
      concurrency: input.concurrency ?? null,
      rateLimitPerSecond: input.rateLimit ?? null,
      retryScheduleMs: input.retrySchedule ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction(async (manager) => {
      const all = { url: true, channels: true, eventTypes: true };
      await this.quotas.endpoints(manager, tenantId);
      await this.guards.check(manager, row, all);
      await manager.insert(EndpointEntity, row);
    });
    await this.sync.published([REGISTRY_KEYS.endpoint(row.id)]);
    return { ...toEndpointResponse(row, headers), secret };
  }

  /** Oldest first, `limit` per page; optionally only endpoints with all these labels. */
  async list(tenantId: string, query: EndpointListQuery): Promise<Page<EndpointResponse>> {
    const select = this.repo
      .createQueryBuilder('e')
      .where('e.tenant_id = :tenantId', { tenantId })
      .orderBy('e.created_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .take(query.limit + 1);
    if (Object.keys(query.label).length > 0) {
      select.andWhere('e.metadata @> :labels::jsonb', { labels: JSON.stringify(query.label) });
    }
    if (query.enabled !== undefined) select.andWhere('e.enabled = :enabled', query);
    if (query.cursor !== undefined) {
      const [createdAt, id] = decodeCursor(query.cursor, ['instant', 'uuid']) as [string, string];
      select.andWhere('(e.created_at, e.id) > (:createdAt::timestamptz, :id::uuid)', {
        createdAt,
        id,
      });
    }
    const rows = await select.getMany();
    // Lists never show header values, whatever the caller's role.
    return toPage(
      rows,
      query.limit,
      (r) => [r.createdAt.toISOString(), r.id],
      (r) => toEndpointResponse(r),
    );
  }

  /** One endpoint; header values decrypted only for a caller that may reveal secrets. */
  async get(tenantId: string, id: string, reveal: boolean): Promise<EndpointResponse> {
    const row = await this.find(tenantId, id);
    return toEndpointResponse(row, reveal ? this.box.openValues(row.headers) : undefined);
  }

  /** The row, or 404 (also for another tenant's endpoint). */
  async find(tenantId: string, id: string): Promise<EndpointEntity> {
    const row = isUuid(id) ? await this.repo.findOneBy({ id, tenantId }) : null;
    if (!row) throw notFound('endpoint');
    return row;
  }

  /**
   * Changes only the fields given. The row is locked for the transaction, so
   * the disable bookkeeping is decided on its committed status, and
   * concurrent patches of different fields both stick.
   */
  async update(tenantId: string, id: string, patch: PatchEndpointInput): Promise<EndpointResponse> {
    const changes = settingColumns(patch);
    if (Object.keys(changes).length === 0 && patch.enabled === undefined) {
      return this.get(tenantId, id, true);
    }
    if (changes.headers) changes.headers = this.box.sealValues(changes.headers);
    if (!isUuid(id)) throw notFound('endpoint');
    const now = new Date(this.clock.now());
    const row = await this.db.transaction(async (manager) => {
      const current = await manager.findOne(EndpointEntity, {
        where: { id, tenantId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) return null;
      const status = patch.enabled === undefined ? {} : statusAfter(current, patch.enabled, now);
      const updated = { ...current, ...changes, ...status, updatedAt: now };
      const changed = {
        url: patch.url !== undefined,
        channels: patch.channels !== undefined,
        eventTypes: patch.eventTypes !== undefined,
      };
      if (changed.url || changed.channels || changed.eventTypes) {
        await this.guards.check(manager, updated, changed, current.eventTypes);
      }
      await manager.update(EndpointEntity, { id }, { ...changes, ...status, updatedAt: now });
      return updated;
    });
    if (!row) throw notFound('endpoint');
    await this.sync.published([REGISTRY_KEYS.endpoint(id)]);
    return toEndpointResponse(row, patch.headers ?? this.box.openValues(row.headers));
  }

  async remove(tenantId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('endpoint');
    const result = await this.repo.delete({ id, tenantId });
    if (!result.affected) throw notFound('endpoint');
    await this.sync.published([REGISTRY_KEYS.endpoint(id)]);
  }
}
