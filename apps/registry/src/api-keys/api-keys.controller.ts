import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { z } from 'zod';
import { apiKeyRoles } from '@herald/contracts';
import { parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { ApiKeysService } from './api-keys.service.js';
import { TenantKeyGuard } from './tenant-key.guard.js';

export const createApiKeySchema = z.strictObject({
  role: z.enum(apiKeyRoles),
  name: z.string().trim().min(1).max(200).nullable().optional(),
});

const listQuerySchema = z.strictObject({
  includeRevoked: z.enum(['true', 'false']).default('false'),
});

/**
 * Tenant API (admin keys): the tenant's API keys. `GET` lists them with their
 * display prefix only; `POST` `{ role, name? }` → 201 with `key`, shown once;
 * `DELETE /:id` revokes (204).
 */
@Controller('v1/api-keys')
@UseGuards(TenantKeyGuard)
@RequirePermission('api-keys:manage')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  async list(@Principal() principal: TenantPrincipal, @Query() query: unknown) {
    const { includeRevoked } = parseInput(listQuerySchema, query);
    return { data: await this.keys.list(principal.tenantId, includeRevoked === 'true') };
  }

  @Post()
  @HttpCode(201)
  create(@Principal() principal: TenantPrincipal, @Body() body: unknown) {
    const input = parseInput(createApiKeySchema, body);
    return this.keys.create(principal.tenantId, input.role, input.name ?? null);
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Principal() principal: TenantPrincipal, @Param('id') id: string): Promise<void> {
    await this.keys.revoke(principal.tenantId, id);
  }
}
