import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { notFound, parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { createEventTypeSchema, importSchema, patchEventTypeSchema } from './event-type-input.js';
import { EventTypesService } from './event-types.service.js';

const listQuerySchema = z.strictObject({
  includeArchived: z.enum(['true', 'false']).default('false'),
});

const versionParam = (text: string): number => {
  if (!/^[1-9]\d{0,3}$/.test(text)) throw notFound(`event type version "${text}"`);
  return Number(text);
};

/**
 * Tenant API: the event-type catalog. Reads for every reading role; writes
 * for admins. A version is addressed as `/v1/event-types/:name/versions/:version`.
 */
@Controller('v1/event-types')
@UseGuards(TenantKeyGuard)
export class EventTypesController {
  constructor(private readonly eventTypes: EventTypesService) {}

  /** Every version, by name then version; archived ones with `?includeArchived=true`. */
  @Get()
  @RequirePermission('read')
  async list(@Principal() principal: TenantPrincipal, @Query() query: unknown) {
    const { includeArchived } = parseInput(listQuerySchema, query);
    return { data: await this.eventTypes.list(principal.tenantId, includeArchived === 'true') };
  }

  /** `{ name, version?, description?, schema?, envelope?, example?, archived? }` → 201; 409 if that version exists. */
  @Post()
  @HttpCode(201)
  @RequirePermission('event-types:write')
  create(@Principal() principal: TenantPrincipal, @Body() body: unknown) {
    return this.eventTypes.create(principal.tenantId, parseInput(createEventTypeSchema, body));
  }

  /** `{ eventTypes: [...] }`: creates or replaces every version listed, all or nothing. */
  @Post('import')
  @HttpCode(200)
  @RequirePermission('event-types:write')
  import(@Principal() principal: TenantPrincipal, @Body() body: unknown) {
    const { eventTypes } = parseInput(importSchema, body);
    return this.eventTypes.import(principal.tenantId, eventTypes);
  }

  /** `{ name, defaultVersion, versions: [...] }`. */
  @Get(':name')
  @RequirePermission('read')
  get(@Principal() principal: TenantPrincipal, @Param('name') name: string) {
    return this.eventTypes.get(principal.tenantId, name);
  }

  @Get(':name/versions/:version')
  @RequirePermission('read')
  getVersion(
    @Principal() principal: TenantPrincipal,
    @Param('name') name: string,
    @Param('version') version: string,
  ) {
    return this.eventTypes.getVersion(principal.tenantId, name, versionParam(version));
  }

  /** `{ description?, schema?, envelope?, example?, archived? }`. */
  @Patch(':name/versions/:version')
  @RequirePermission('event-types:write')
  update(
    @Principal() principal: TenantPrincipal,
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ) {
    const patch = parseInput(patchEventTypeSchema, body);
    return this.eventTypes.update(principal.tenantId, name, versionParam(version), patch);
  }
}
