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
  UseGuards,
} from '@nestjs/common';
import { parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { ENDPOINT_INPUT, type EndpointInputSchemas } from './endpoint-input.js';
import { EndpointsService } from './endpoints.service.js';

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

  @Get()
  @RequirePermission('read')
  async list(@Principal() principal: TenantPrincipal) {
    return { data: await this.endpoints.list(principal.tenantId) };
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
