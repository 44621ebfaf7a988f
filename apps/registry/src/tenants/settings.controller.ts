import { Body, Controller, Get, Inject, Patch, UseGuards } from '@nestjs/common';
import { parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { settingsInputSchema } from './tenant-settings.js';
import { TenantsService } from './tenants.service.js';

/**
 * Tenant API: the caller's tenant settings. `GET` (any reading role),
 * `PATCH { httpsOnly?, maxUrlLength?, uniqueChannelEndpoint?, retrySchedule? }`
 * (admin); 409 `settings_conflict` naming the endpoints a change would break.
 */
@Controller('v1/settings')
@UseGuards(TenantKeyGuard)
export class SettingsController {
  private readonly schema;

  constructor(
    private readonly tenants: TenantsService,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.schema = settingsInputSchema(config.HERALD_MAX_URL_LENGTH);
  }

  @Get()
  @RequirePermission('read')
  async get(@Principal() principal: TenantPrincipal) {
    return (await this.tenants.get(principal.tenantId)).settings;
  }

  @Patch()
  @RequirePermission('settings:write')
  async update(@Principal() principal: TenantPrincipal, @Body() body: unknown) {
    const settings = parseInput(this.schema, body);
    return (await this.tenants.update(principal.tenantId, { settings })).settings;
  }
}
