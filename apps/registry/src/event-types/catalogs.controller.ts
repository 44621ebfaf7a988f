import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { apiSchema, ApiErrors, notFound, parseInput } from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import { EXAMPLE_CATALOGS } from '../catalogs/catalogs.js';
import type { ExampleCatalog } from '../catalogs/example-catalog.js';
import { importSchema } from './event-type-input.js';
import { importResultSchema } from './event-type.response.js';
import { EventTypesService } from './event-types.service.js';

const summaryFields = {
  name: z.string(),
  title: z.string(),
  description: z.string(),
  suggestedSettings: z.record(z.string(), z.unknown()).meta({
    description: 'Tenant settings the source product implies (set them yourself).',
  }),
};

const exampleSummary = {
  name: 'contact-center',
  title: 'Contact-center event notifications',
  description: 'Agent and interaction events; Herald adds "event" and "date" to every payload.',
  suggestedSettings: { maxUrlLength: 256 },
};

const catalogListSchema = apiSchema(
  z.object({
    data: z.array(z.object({ ...summaryFields, eventTypes: z.array(z.string()) })),
  }),
  { example: { data: [{ ...exampleSummary, eventTypes: ['AgentLog', 'AgentBreak'] }] } },
);

const catalogSchema = apiSchema(
  z.object({ ...summaryFields, eventTypes: z.array(z.record(z.string(), z.unknown())) }),
  {
    example: {
      ...exampleSummary,
      eventTypes: [
        {
          name: 'AgentLog',
          description: 'An agent logged in (isLogin true) or out (false).',
          schema: { type: 'object', required: ['agent', 'isLogin'] },
          envelope: { preset: 'event-date' },
          example: { agent: 'agentTest', isLogin: true },
        },
      ],
    },
  },
);

const summary = (catalog: ExampleCatalog) => ({
  name: catalog.name,
  title: catalog.title,
  description: catalog.description,
  suggestedSettings: catalog.suggestedSettings,
  eventTypes: catalog.eventTypes.map((e) => e.name),
});

const unknownCatalog = (name: string) => notFound(`example catalog "${name}"`);
const find = (name: string): ExampleCatalog => {
  const catalog = EXAMPLE_CATALOGS.get(name);
  if (!catalog) throw unknownCatalog(name);
  return catalog;
};
const nameParam = ApiParam({
  name: 'name',
  description: '`ai-agent-alerts`, `chatbot`, `contact-center` or `chat-inbox`.',
});
const missing = { error: unknownCatalog('soap-opera'), when: 'no example catalog has this name' };

/**
 * Tenant API: the example catalogs shipped with Herald (one per source
 * product). `POST /v1/catalogs/:name/load` imports one into the caller's
 * catalog — the one command that makes a source product's events publishable.
 */
@TenantApi('v1/catalogs', 'event-types')
export class CatalogsController {
  constructor(private readonly eventTypes: EventTypesService) {}

  @Get()
  @TenantOperation('read', 'listCatalogs', 'The example catalogs shipped')
  @ApiResponse({ status: 200, standardSchema: catalogListSchema, description: 'the catalogs' })
  list() {
    return { data: [...EXAMPLE_CATALOGS.values()].map(summary) };
  }

  @Get(':name')
  @TenantOperation('read', 'getCatalog', 'An example catalog, with its examples')
  @nameParam
  @ApiResponse({ status: 200, standardSchema: catalogSchema, description: 'the catalog' })
  @ApiErrors(missing)
  get(@Param('name') name: string) {
    const catalog = find(name);
    return { ...summary(catalog), eventTypes: catalog.eventTypes };
  }

  @Post(':name/load')
  @HttpCode(200)
  @TenantOperation(
    'event-types:write',
    'loadCatalog',
    "Load an example catalog into the tenant's event types",
    'Creates or replaces each of its versions; loading twice changes nothing.',
  )
  @nameParam
  @ApiResponse({ status: 200, standardSchema: importResultSchema, description: 'loaded' })
  @ApiErrors(missing)
  load(@Principal() principal: TenantPrincipal, @Param('name') name: string) {
    const { eventTypes } = parseInput(importSchema, { eventTypes: find(name).eventTypes });
    return this.eventTypes.import(principal.tenantId, eventTypes);
  }
}
