import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AdminTokenAuth,
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  parseInput,
} from '@herald/http-api';
import { createApiKeySchema, createdApiKeySchema } from '../api-keys/api-key.response.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { settingsConflict } from './settings.errors.js';
import {
  createdTenantSchema,
  documentedTenantInput,
  tenantInputSchemas,
  tenantListSchema,
  tenantResponseSchema,
} from './tenant.response.js';
import { TenantsService } from './tenants.service.js';

const tenantId = ApiParam({ name: 'id', description: 'Tenant id (UUID).' });
const missing = { error: notFound('tenant'), when: 'no tenant has this id' };

/**
 * Operator API (admin token): create tenants (optionally with settings), list
 * them, read one, rename one or change its settings, and mint an API key for
 * it (the way back in when a tenant has lost its keys).
 */
@Controller('v1/tenants')
@UseGuards(AdminTokenGuard)
@ApiTags('tenants')
export class TenantsController {
  private readonly input;

  constructor(
    private readonly tenants: TenantsService,
    private readonly keys: ApiKeysService,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.input = tenantInputSchemas(config.HERALD_MAX_URL_LENGTH);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createTenant',
    summary: 'Create a tenant and its first API key',
    description: 'The key (role `admin`) is in the response only; Herald stores its hash.',
  })
  @AdminTokenAuth()
  @ApiResponse({ status: 201, standardSchema: createdTenantSchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidInput(documentedTenantInput.create, { name: ' ' }))
  create(@Body({ schema: documentedTenantInput.create }) body: unknown) {
    const input = parseInput(this.input.create, body);
    return this.tenants.create(input.name, input.settings);
  }

  @Get()
  @ApiOperation({ operationId: 'listTenants', summary: 'List every tenant' })
  @AdminTokenAuth()
  @ApiResponse({ status: 200, standardSchema: tenantListSchema, description: 'the tenants' })
  async list() {
    return { data: await this.tenants.list() };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getTenant', summary: 'Read one tenant and its settings' })
  @tenantId
  @AdminTokenAuth()
  @ApiResponse({ status: 200, standardSchema: tenantResponseSchema, description: 'the tenant' })
  @ApiErrors(missing)
  get(@Param('id') id: string) {
    return this.tenants.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateTenant',
    summary: 'Rename a tenant or change its settings',
    description: 'A setting that existing endpoints would break is refused (409), naming them.',
  })
  @tenantId
  @AdminTokenAuth()
  @ApiResponse({ status: 200, standardSchema: tenantResponseSchema, description: 'updated' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(documentedTenantInput.patch, { settings: { maxUrlLength: 10 } }),
    missing,
    settingsConflict,
  )
  update(@Param('id') id: string, @Body({ schema: documentedTenantInput.patch }) body: unknown) {
    return this.tenants.update(id, parseInput(this.input.patch, body));
  }

  @Post(':id/api-keys')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createTenantApiKey',
    summary: 'Mint an API key for a tenant',
    description:
      'The way back in for a tenant that has lost its admin keys; the key is shown once.',
  })
  @tenantId
  @AdminTokenAuth()
  @ApiResponse({ status: 201, standardSchema: createdApiKeySchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidInput(createApiKeySchema, { role: 'owner' }), missing)
  async createKey(@Param('id') id: string, @Body({ schema: createApiKeySchema }) body: unknown) {
    const input = parseInput(createApiKeySchema, body);
    await this.tenants.get(id);
    return this.keys.create(id, input.role, input.name ?? null);
  }
}
