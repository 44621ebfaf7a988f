import { Body, Get, Inject, Patch } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, invalidInput, parseInput } from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import { REGISTRY_CONFIG, type RegistryConfig } from '../config.js';
import { settingsConflict } from './settings.errors.js';
import {
  documentedTenantInput,
  tenantInputSchemas,
  tenantSettingsSchema,
} from './tenant.response.js';
import { TenantsService } from './tenants.service.js';

/**
 * Tenant API: the caller's tenant settings. `GET` (any reading role),
 * `PATCH { httpsOnly?, maxUrlLength?, uniqueChannelEndpoint?, retrySchedule? }`
 * (admin); 409 `settings_conflict` naming the endpoints a change would break.
 */
@TenantApi('v1/settings', 'settings')
export class SettingsController {
  private readonly schema;

  constructor(
    private readonly tenants: TenantsService,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.schema = tenantInputSchemas(config.HERALD_MAX_URL_LENGTH).settings;
  }

  @Get()
  @TenantOperation('read', 'getSettings', "The tenant's settings")
  @ApiResponse({ status: 200, standardSchema: tenantSettingsSchema, description: 'the settings' })
  async get(@Principal() principal: TenantPrincipal) {
    return (await this.tenants.get(principal.tenantId)).settings;
  }

  @Patch()
  @TenantOperation(
    'settings:write',
    'updateSettings',
    "Change the tenant's settings",
    '`httpsOnly` refuses http:// endpoint URLs; `maxUrlLength` limits them; ' +
      '`uniqueChannelEndpoint` allows one endpoint per channel; `retrySchedule` is the ' +
      'default of endpoints without their own. A change existing endpoints break is refused.',
  )
  @ApiResponse({ status: 200, standardSchema: tenantSettingsSchema, description: 'updated' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(documentedTenantInput.settings, { maxUrlLength: 10 }),
    settingsConflict,
  )
  async update(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: documentedTenantInput.settings }) body: unknown,
  ) {
    const settings = parseInput(this.schema, body);
    return (await this.tenants.update(principal.tenantId, { settings })).settings;
  }
}
