import { Controller, Get, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiErrors, BODY_ERRORS, invalidInput, notFound, ValidBody } from '@herald/http-api';
import { RegistryView } from '@herald/registry-view';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { EndpointHealth } from './endpoint-health.js';
import { HealthSettingsService } from './health-settings.service.js';
import { healthSettingsSchema, healthViewSchema } from './health.schemas.js';
import type { HealthView } from './health-view.js';

const unknownEndpoint = (endpointId: string) => notFound(`endpoint "${endpointId}"`);
const endpointParam = ApiParam({ name: 'id', description: 'Endpoint id.' });
const missing = {
  error: unknownEndpoint('5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10'),
  when: "the endpoint is not the key's tenant's",
};

/**
 * `GET /v1/endpoints/:id/health` — state, 24 h histogram, response times,
 * latest errors (tenant API key). `PUT /v1/endpoints/:id/health/settings`
 * `{ slowThresholdMs }` — the endpoint's slow threshold; the histogram is
 * rebuilt with it (permission `endpoints:write`). Another tenant's endpoint is a 404, never its data; an
 * endpoint deleted from the registry keeps its health readable while its
 * window holds something.
 */
@Controller('v1/endpoints')
@UseGuards(ApiKeyGuard)
@ApiTags('health')
export class HealthController {
  constructor(
    private readonly health: EndpointHealth,
    private readonly settings: HealthSettingsService,
    private readonly registry: RegistryView,
  ) {}

  @Get(':id/health')
  @ApiOperation({
    operationId: 'getEndpointHealth',
    summary: "An endpoint's health: state, 24 h histogram, response times, latest errors",
    description:
      'Computed in memory from the attempt log and the dispatchers’ rejection reports; ' +
      'rebuilt from the log when the health-monitor restarts.',
  })
  @endpointParam
  @RequirePermission('read')
  @ApiResponse({ status: 200, standardSchema: healthViewSchema, description: 'the health' })
  @ApiErrors(missing)
  async show(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
  ): Promise<HealthView> {
    const { view, tenantId } = await this.health.current(endpointId);
    if ((this.registry.endpoint(endpointId)?.tenantId ?? tenantId) !== principal.tenantId) {
      throw unknownEndpoint(endpointId);
    }
    return view;
  }

  @Put(':id/health/settings')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'setEndpointHealthSettings',
    summary: "Set an endpoint's slow threshold",
    description: 'The whole 24 h histogram is recomputed with it.',
  })
  @endpointParam
  @RequirePermission('endpoints:write')
  @ApiResponse({ status: 200, standardSchema: healthSettingsSchema, description: 'saved' })
  @ApiErrors(...BODY_ERRORS, invalidInput(healthSettingsSchema, { slowThresholdMs: 0 }), missing)
  async update(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @ValidBody(healthSettingsSchema) input: z.infer<typeof healthSettingsSchema>,
  ): Promise<z.infer<typeof healthSettingsSchema>> {
    if (this.registry.endpoint(endpointId)?.tenantId !== principal.tenantId) {
      throw unknownEndpoint(endpointId);
    }
    await this.settings.update(endpointId, principal.tenantId, input);
    return input;
  }
}
