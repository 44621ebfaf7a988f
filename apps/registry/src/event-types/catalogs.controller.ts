import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { notFound, parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { EXAMPLE_CATALOGS } from '../catalogs/catalogs.js';
import type { ExampleCatalog } from '../catalogs/example-catalog.js';
import { importSchema } from './event-type-input.js';
import { EventTypesService } from './event-types.service.js';

const summary = (catalog: ExampleCatalog) => ({
  name: catalog.name,
  seed: catalog.seed,
  title: catalog.title,
  description: catalog.description,
  suggestedSettings: catalog.suggestedSettings,
  eventTypes: catalog.eventTypes.map((e) => e.name),
});

const find = (name: string): ExampleCatalog => {
  const catalog = EXAMPLE_CATALOGS.get(name);
  if (!catalog) throw notFound(`example catalog "${name}"`);
  return catalog;
};

/**
 * Tenant API: the example catalogs shipped with Herald (one per source
 * product). `POST /v1/catalogs/:name/load` imports one into the caller's
 * catalog — the "one command" that makes a seed's events publishable.
 */
@Controller('v1/catalogs')
@UseGuards(TenantKeyGuard)
export class CatalogsController {
  constructor(private readonly eventTypes: EventTypesService) {}

  @Get()
  @RequirePermission('read')
  list() {
    return { data: [...EXAMPLE_CATALOGS.values()].map(summary) };
  }

  @Get(':name')
  @RequirePermission('read')
  get(@Param('name') name: string) {
    const catalog = find(name);
    return { ...summary(catalog), eventTypes: catalog.eventTypes };
  }

  @Post(':name/load')
  @HttpCode(200)
  @RequirePermission('event-types:write')
  load(@Principal() principal: TenantPrincipal, @Param('name') name: string) {
    const { eventTypes } = parseInput(importSchema, { eventTypes: find(name).eventTypes });
    return this.eventTypes.import(principal.tenantId, eventTypes);
  }
}
