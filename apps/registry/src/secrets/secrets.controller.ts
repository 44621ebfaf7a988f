import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { SecretsService } from './secrets.service.js';

/** Tenant API (API key): reveal and rotate the signing secret of the caller's own endpoint. */
@Controller('v1/endpoints/:id/secret')
@UseGuards(TenantKeyGuard)
@RequirePermission('secrets:manage')
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  /** `{ secret, previousSecret: { secret, expiresAt } | null }`. */
  @Get()
  read(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.secrets.read(principal.tenantId, id);
  }

  /** `{ secret, previousSecretExpiresAt }`; the old secret keeps signing until then. */
  @Post('rotate')
  @HttpCode(200)
  rotate(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.secrets.rotate(principal.tenantId, id);
  }
}
