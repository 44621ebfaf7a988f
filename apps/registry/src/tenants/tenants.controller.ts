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
import { z } from 'zod';
import { parseInput } from '@herald/http-api';
import { createApiKeySchema } from '../api-keys/api-keys.controller.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { settingsInputSchema } from './tenant-settings.js';
import { TenantsService } from './tenants.service.js';

const name = z.string().trim().min(1, 'must not be empty').max(200);

/**
 * Operator API (admin token): create tenants (optionally with settings), list
 * them, read one, rename or change its settings, and mint an API key for it
 * (the way back in when a tenant has lost its keys).
 */
@Controller('v1/tenants')
@UseGuards(AdminTokenGuard)
export class TenantsController {
  private readonly createSchema;
  private readonly patchSchema;

  constructor(
    private readonly tenants: TenantsService,
    private readonly keys: ApiKeysService,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    const settings = settingsInputSchema(config.HERALD_MAX_URL_LENGTH);
    this.createSchema = z.strictObject({ name, settings: settings.optional() });
    this.patchSchema = z.strictObject({ name: name.optional(), settings: settings.optional() });
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown) {
    const input = parseInput(this.createSchema, body);
    return this.tenants.create(input.name, input.settings);
  }

  @Get()
  async list() {
    return { data: await this.tenants.list() };
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.tenants.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown) {
    return this.tenants.update(id, parseInput(this.patchSchema, body));
  }

  @Post(':id/api-keys')
  @HttpCode(201)
  async createKey(@Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(createApiKeySchema, body);
    await this.tenants.get(id);
    return this.keys.create(id, input.role, input.name ?? null);
  }
}
