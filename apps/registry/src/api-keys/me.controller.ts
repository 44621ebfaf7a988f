import { Get } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantEntity } from '../entities/tenant.entity.js';
import { whoAmISchema } from './api-key.response.js';
import { TenantApi, TenantOperation } from './tenant-api.decorator.js';

/** `GET /v1/me` (any role): which tenant and role the calling key has — what the CLI shows first. */
@TenantApi('v1/me', 'api-keys')
export class MeController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @TenantOperation('identity', 'whoAmI', 'The tenant and role of the calling key')
  @ApiResponse({ status: 200, standardSchema: whoAmISchema, description: 'the key' })
  async me(@Principal() principal: TenantPrincipal) {
    const tenant = await this.db
      .getRepository(TenantEntity)
      .findOneByOrFail({ id: principal.tenantId });
    return {
      tenantId: principal.tenantId,
      tenantName: tenant.name,
      keyId: principal.keyId,
      role: principal.role,
    };
  }
}
