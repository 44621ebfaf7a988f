import { Body, Get, Put } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, forbidden, invalidInput, parseInput } from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import { portalSettingsInputSchema, portalSettingsSchema } from './portal-input.js';
import { PortalService } from './portal.service.js';

const framedByPortal = () =>
  forbidden('a portal session may not change frameAncestors; use an API key');

/**
 * `GET`/`PUT /v1/portal/settings`: the tenant's portal embedding origins and
 * theme. Any reading role (and the portal itself) reads them; admins change
 * them. Which sites may frame the portal is the platform's choice, so a
 * portal session may change the theme but not `frameAncestors`.
 */
@TenantApi('v1/portal/settings', 'portal')
export class PortalSettingsController {
  constructor(private readonly portal: PortalService) {}

  @Get()
  @TenantOperation('read', 'getPortalSettings', "The tenant's portal settings")
  @ApiResponse({ status: 200, standardSchema: portalSettingsSchema, description: 'the settings' })
  get(@Principal() principal: TenantPrincipal) {
    return this.portal.settings(principal.tenantId);
  }

  @Put()
  @TenantOperation(
    'settings:write',
    'updatePortalSettings',
    "Change the tenant's portal settings",
    '`frameAncestors`: origins that may embed the portal (CSP frame-ancestors); ' +
      '`logoUrl` (https) and `primaryColor` (#rrggbb, white text on it must reach 4.5:1).',
  )
  @ApiResponse({ status: 200, standardSchema: portalSettingsSchema, description: 'updated' })
  @ApiErrors(...BODY_ERRORS, invalidInput(portalSettingsInputSchema, { primaryColor: '#ffff00' }), {
    error: framedByPortal(),
    when: 'a portal session tries to change frameAncestors',
  })
  update(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: portalSettingsInputSchema }) body: unknown,
  ) {
    const input = parseInput(portalSettingsInputSchema, body);
    if (principal.via === 'portal' && input.frameAncestors !== undefined) throw framedByPortal();
    return this.portal.update(principal.tenantId, input);
  }
}
