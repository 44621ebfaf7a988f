import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { ENDPOINT_INPUT, type EndpointInputSchemas } from './endpoint-input.js';
import { EndpointsService } from './endpoints.service.js';

const label = z.string().regex(/^[^:]+:.*$/, 'must be key:value');

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
  label: z
    .union([label, z.array(label)])
    .optional()
    .transform((labels) =>
      Object.fromEntries(
        (labels === undefined ? [] : [labels].flat()).map((text) => {
          const colon = text.indexOf(':');
          return [text.slice(0, colon), text.slice(colon + 1)];
        }),
      ),
    ),
  enabled: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

/** Tenant API (API key): CRUD of the caller's own endpoints (their secrets: `SecretsController`). */
@Controller('v1/endpoints')
@UseGuards(TenantKeyGuard)
export class EndpointsController {
  constructor(
    private readonly endpoints: EndpointsService,
    @Inject(ENDPOINT_INPUT) private readonly input: EndpointInputSchemas,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('endpoints:write')
  create(@Principal() principal: TenantPrincipal, @Body() body: unknown) {
    return this.endpoints.create(principal.tenantId, parseInput(this.input.create, body));
  }

  /** `?limit=100&cursor=…&label=team:billing&enabled=true` → `{ data, nextCursor }`, oldest first. */
  @Get()
  @RequirePermission('read')
  list(@Principal() principal: TenantPrincipal, @Query() query: unknown) {
    return this.endpoints.list(principal.tenantId, parseInput(listQuerySchema, query));
  }

  @Get(':id')
  @RequirePermission('read')
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.endpoints.get(principal.tenantId, id);
  }

  @Patch(':id')
  @RequirePermission('endpoints:write')
  update(@Principal() principal: TenantPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return this.endpoints.update(principal.tenantId, id, parseInput(this.input.patch, body));
  }

  @Delete(':id')
  @RequirePermission('endpoints:write')
  @HttpCode(204)
  async remove(@Principal() principal: TenantPrincipal, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(principal.tenantId, id);
  }
}
