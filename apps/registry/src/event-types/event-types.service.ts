import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { defaultVersion, warmSchemaEngine } from '@herald/catalog';
import { REGISTRY_KEYS } from '@herald/contracts';
import { conflict, notFound, validationFailed } from '@herald/http-api';
import { CLOCK, type Clock } from '@herald/runtime';
import { TenantQuotas } from '../quotas/tenant-quotas.js';
import { ReadModelSync } from '../read-model/read-model.sync.js';
import { EventTypeEntity } from '../entities/event-type.entity.js';
import {
  exampleProblems,
  type CreateEventTypeInput,
  type PatchEventTypeInput,
} from './event-type-input.js';
import { toEventTypeResponse, type EventTypeResponse } from './event-type.response.js';

export interface EventTypeSummary {
  name: string;
  /** The version unpinned subscriptions receive (`@herald/catalog` defaultVersion). */
  defaultVersion: number | null;
  versions: EventTypeResponse[];
}

/**
 * A tenant's event-type catalog: one row per (name, version). Every query is
 * scoped by tenant. Each write is published to the read model (ingest
 * validates and envelopes with it) before the call returns.
 */
@Injectable()
export class EventTypesService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly sync: ReadModelSync,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly quotas: TenantQuotas,
  ) {}

  /** The schema engine is loaded before the first request, not by the first schema (ADR 0046). */
  onModuleInit(): void {
    const ms = warmSchemaEngine();
    new Logger(EventTypesService.name).log(`schema engine warmed in ${ms.toFixed(0)} ms`);
  }

  async list(tenantId: string, includeArchived: boolean): Promise<EventTypeResponse[]> {
    const rows = await this.db.getRepository(EventTypeEntity).find({
      where: includeArchived ? { tenantId } : { tenantId, archived: false },
      order: { name: 'ASC', version: 'ASC' },
    });
    return rows.map(toEventTypeResponse);
  }

  async get(tenantId: string, name: string): Promise<EventTypeSummary> {
    const rows = await this.db
      .getRepository(EventTypeEntity)
      .find({ where: { tenantId, name }, order: { version: 'ASC' } });
    if (rows.length === 0) throw notFound(`event type "${name}"`);
    return { name, defaultVersion: defaultVersion(rows), versions: rows.map(toEventTypeResponse) };
  }

  async getVersion(tenantId: string, name: string, version: number): Promise<EventTypeResponse> {
    return toEventTypeResponse(await this.find(this.db.manager, tenantId, name, version));
  }

  async create(tenantId: string, input: CreateEventTypeInput): Promise<EventTypeResponse> {
    const problems = exampleProblems(input);
    if (problems.length > 0) throw validationFailed(problems);
    const row = this.newRow(tenantId, input);
    const inserted = await this.db.transaction(async (manager) => {
      await this.quotas.eventTypes(manager, tenantId);
      return (
        manager
          .createQueryBuilder()
          .insert()
          .into(EventTypeEntity)
          // `schema` and `example` are any JSON (`unknown`), which TypeORM's partial types refuse.
          .values(row as never)
          .orIgnore()
          .returning('id')
          .execute()
      );
    });
    if ((inserted.raw as unknown[]).length === 0) {
      throw conflict(
        `event type "${input.name}" version ${input.version} exists; change it with PATCH, or create another version`,
      );
    }
    await this.sync.published([REGISTRY_KEYS.eventType(row.id)]);
    return toEventTypeResponse(row);
  }

  async update(
    tenantId: string,
    name: string,
    version: number,
    patch: PatchEventTypeInput,
  ): Promise<EventTypeResponse> {
    const row = await this.db.transaction(async (manager) => {
      const current = await this.find(manager, tenantId, name, version, true);
      const updated: EventTypeEntity = {
        ...current,
        ...defined(patch),
        updatedAt: new Date(this.clock.now()),
      };
      const problems = exampleProblems(updated);
      if (problems.length > 0) throw validationFailed(problems);
      await manager.save(EventTypeEntity, updated);
      return updated;
    });
    await this.sync.published([REGISTRY_KEYS.eventType(row.id)]);
    return toEventTypeResponse(row);
  }

  /**
   * Creates or replaces many versions at once (a catalog file, an example
   * catalog): all or nothing, in one transaction.
   */
  async import(
    tenantId: string,
    inputs: CreateEventTypeInput[],
  ): Promise<{ created: number; updated: number; eventTypes: EventTypeResponse[] }> {
    const problems = inputs.flatMap((input, i) =>
      exampleProblems(input).map((p) => ({
        field: `eventTypes.${i}.${p.field}`,
        reason: p.reason,
      })),
    );
    if (problems.length > 0) throw validationFailed(problems);
    let created = 0;
    const rows = await this.db.transaction(async (manager) => {
      // Takes the tenant's quota lock; the count is checked again once the new rows are in.
      await this.quotas.eventTypes(manager, tenantId, 0);
      const written: EventTypeEntity[] = [];
      for (const input of inputs) {
        const existing = await manager.findOneBy(EventTypeEntity, {
          tenantId,
          name: input.name,
          version: input.version,
        });
        const row: EventTypeEntity = existing
          ? { ...existing, ...defined(withoutKey(input)), updatedAt: new Date(this.clock.now()) }
          : this.newRow(tenantId, input);
        if (!existing) created += 1;
        await manager.save(EventTypeEntity, row);
        written.push(row);
      }
      await this.quotas.eventTypes(manager, tenantId, 0);
      return written;
    });
    await this.sync.published(rows.map((row) => REGISTRY_KEYS.eventType(row.id)));
    return {
      created,
      updated: rows.length - created,
      eventTypes: rows.map(toEventTypeResponse),
    };
  }

  private newRow(tenantId: string, input: CreateEventTypeInput): EventTypeEntity {
    const now = new Date(this.clock.now());
    return {
      id: randomUUID(),
      tenantId,
      name: input.name,
      version: input.version,
      description: input.description ?? null,
      schema: input.schema ?? null,
      envelope: input.envelope ?? null,
      example: input.example ?? null,
      archived: input.archived ?? false,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async find(
    manager: EntityManager,
    tenantId: string,
    name: string,
    version: number,
    lock = false,
  ): Promise<EventTypeEntity> {
    const row = await manager.findOne(EventTypeEntity, {
      where: { tenantId, name, version },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw notFound(`event type "${name}" version ${version}`);
    return row;
  }
}

function defined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function withoutKey(input: CreateEventTypeInput): PatchEventTypeInput {
  const { description, schema, envelope, example, archived } = input;
  return { description, schema, envelope, example, archived };
}
