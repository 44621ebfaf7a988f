import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AdminTokenAuth,
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  ValidBody,
} from '@herald/http-api';
import { AdminTokenGuard } from './admin-token.guard.js';
import {
  createdTenantSchema,
  createTenantSchema,
  tenantListSchema,
  tenantResponseSchema,
  type CreateTenantInput,
} from './tenant.response.js';
import { TenantsService } from './tenants.service.js';

/** Operator API (admin token): create tenants, list them, read one. */
@Controller('v1/tenants')
@UseGuards(AdminTokenGuard)
@ApiTags('tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createTenant',
    summary: 'Create a tenant and its first API key',
    description: 'The key (role `admin`) is in the response only; Herald stores its hash.',
  })
  @AdminTokenAuth()
  @ApiResponse({ status: 201, standardSchema: createdTenantSchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidInput(createTenantSchema, { name: ' ' }))
  create(@ValidBody(createTenantSchema) input: CreateTenantInput) {
    return this.tenants.create(input.name);
  }

  @Get()
  @ApiOperation({ operationId: 'listTenants', summary: 'List every tenant' })
  @AdminTokenAuth()
  @ApiResponse({ status: 200, standardSchema: tenantListSchema, description: 'the tenants' })
  async list() {
    return { data: await this.tenants.list() };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTenant', summary: 'Read one tenant' })
  @ApiParam({ name: 'id', description: 'Tenant id (UUID).' })
  @AdminTokenAuth()
  @ApiResponse({ status: 200, standardSchema: tenantResponseSchema, description: 'the tenant' })
  @ApiErrors({ error: notFound('tenant'), when: 'no tenant has this id' })
  get(@Param('id') id: string) {
    return this.tenants.get(id);
  }
}
