import { Body, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ApiErrors,
  BODY_ERRORS,
  conflict,
  invalidInput,
  notFound,
  parseInput,
  ValidQuery,
} from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import { createEventTypeSchema, importSchema, patchEventTypeSchema } from './event-type-input.js';
import {
  eventTypeListSchema,
  eventTypeResponseSchema,
  eventTypeSummarySchema,
  importResultSchema,
} from './event-type.response.js';
import { EventTypesService } from './event-types.service.js';

const listQuerySchema = z.strictObject({
  includeArchived: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'Also list archived versions.' }),
});

const versionParam = (text: string): number => {
  if (!/^[1-9]\d{0,3}$/.test(text)) throw notFound(`event type version "${text}"`);
  return Number(text);
};

const nameParam = ApiParam({ name: 'name', description: 'Event type name.' });
const versionParamDoc = ApiParam({ name: 'version', description: 'Version, from 1.' });
const missingType = { error: notFound('event type "AgentLog"'), when: 'the catalog lacks it' };
const missingVersion = {
  error: notFound('event type "AgentLog" version 2'),
  when: 'the catalog lacks this version',
};
const invalidEventType = invalidInput(createEventTypeSchema, {
  name: 'herald.mine',
  schema: { type: 'nonsense' },
});

/**
 * Tenant API: the event-type catalog. Reads for every reading role; writes
 * for admins. A version is addressed as `/v1/event-types/:name/versions/:version`.
 */
@TenantApi('v1/event-types', 'event-types')
export class EventTypesController {
  constructor(private readonly eventTypes: EventTypesService) {}

  @Get()
  @TenantOperation('read', 'listEventTypes', 'The catalog: every version')
  @ApiResponse({ status: 200, standardSchema: eventTypeListSchema, description: 'the versions' })
  @ApiErrors(invalidInput(listQuerySchema, { includeArchived: 'yes' }))
  async list(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(listQuerySchema) query: z.infer<typeof listQuerySchema>,
  ) {
    const includeArchived = query.includeArchived === 'true';
    return { data: await this.eventTypes.list(principal.tenantId, includeArchived) };
  }

  @Post()
  @HttpCode(201)
  @TenantOperation(
    'event-types:write',
    'createEventType',
    'Add an event type, or a new version of one',
    'Versions live side by side; subscribers pin one with `name@version` or receive the ' +
      'default (the oldest not archived).',
  )
  @ApiResponse({ status: 201, standardSchema: eventTypeResponseSchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidEventType, {
    error: conflict(
      'event type "AgentLog" version 1 exists; change it with PATCH, or create another version',
    ),
    when: 'this version exists',
  })
  create(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: createEventTypeSchema }) body: unknown,
  ) {
    return this.eventTypes.create(principal.tenantId, parseInput(createEventTypeSchema, body));
  }

  @Post('import')
  @HttpCode(200)
  @TenantOperation(
    'event-types:write',
    'importEventTypes',
    'Create or replace many versions at once, all or nothing',
  )
  @ApiResponse({ status: 200, standardSchema: importResultSchema, description: 'imported' })
  @ApiErrors(...BODY_ERRORS, invalidInput(importSchema, { eventTypes: [] }))
  import(@Principal() principal: TenantPrincipal, @Body({ schema: importSchema }) body: unknown) {
    const { eventTypes } = parseInput(importSchema, body);
    return this.eventTypes.import(principal.tenantId, eventTypes);
  }

  @Get(':name')
  @TenantOperation('read', 'getEventType', "An event type's versions")
  @nameParam
  @ApiResponse({ status: 200, standardSchema: eventTypeSummarySchema, description: 'versions' })
  @ApiErrors(missingType)
  get(@Principal() principal: TenantPrincipal, @Param('name') name: string) {
    return this.eventTypes.get(principal.tenantId, name);
  }

  @Get(':name/versions/:version')
  @TenantOperation('read', 'getEventTypeVersion', 'One version of an event type')
  @nameParam
  @versionParamDoc
  @ApiResponse({ status: 200, standardSchema: eventTypeResponseSchema, description: 'it' })
  @ApiErrors(missingVersion)
  getVersion(
    @Principal() principal: TenantPrincipal,
    @Param('name') name: string,
    @Param('version') version: string,
  ) {
    return this.eventTypes.getVersion(principal.tenantId, name, versionParam(version));
  }

  @Patch(':name/versions/:version')
  @TenantOperation(
    'event-types:write',
    'updateEventTypeVersion',
    'Change a version: description, schema, envelope, example, archived',
    'Messages already accepted keep the body they were given.',
  )
  @nameParam
  @versionParamDoc
  @ApiResponse({ status: 200, standardSchema: eventTypeResponseSchema, description: 'updated' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(patchEventTypeSchema, { archived: 'yes' }),
    missingVersion,
  )
  update(
    @Principal() principal: TenantPrincipal,
    @Param('name') name: string,
    @Param('version') version: string,
    @Body({ schema: patchEventTypeSchema }) body: unknown,
  ) {
    const patch = parseInput(patchEventTypeSchema, body);
    return this.eventTypes.update(principal.tenantId, name, versionParam(version), patch);
  }
}
