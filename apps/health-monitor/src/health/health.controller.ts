import { Body, Controller, Get, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import type { ApiKeyRole } from '@herald/contracts';
import { forbidden, notFound, parseInput } from '@herald/http-api';
import { ApiKeyGuard, Principal, RegistryView, type TenantPrincipal } from '@herald/registry-view';
import { CLOCK, type Clock } from '../pause/clock.js';
import { HealthWindows } from '../windows/health-windows.js';
import { EndpointHealth } from './endpoint-health.js';
import { HealthSettingsService } from './health-settings.service.js';
import type { HealthView } from './health-view.js';

const settingsSchema = z.strictObject({
  /** Milliseconds; null restores the default (HERALD_SLOW_THRESHOLD). */
  slowThresholdMs: z.number().int().min(1).max(600_000).nullable(),
});

/** Roles that may change settings (a viewer only reads). */
const WRITE_ROLES: readonly ApiKeyRole[] = ['admin', 'configurator'];

/**
 * `GET /v1/endpoints/:id/health` — state, 24 h histogram, response times,
 * latest errors (tenant API key). `PUT /v1/endpoints/:id/health/settings`
 * `{ slowThresholdMs }` — the endpoint's slow threshold; the histogram is
 * rebuilt with it. Another tenant's endpoint is a 404, never its data; an
 * endpoint deleted from the registry keeps its health readable while its
 * window holds something.
 */
@Controller('v1/endpoints')
@UseGuards(ApiKeyGuard)
export class HealthController {
  constructor(
    private readonly health: EndpointHealth,
    private readonly settings: HealthSettingsService,
    private readonly registry: RegistryView,
    private readonly windows: HealthWindows,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id/health')
  show(@Principal() principal: TenantPrincipal, @Param('id') endpointId: string): HealthView {
    this.ownedBy(principal, endpointId);
    return this.health.view(endpointId, this.clock.now());
  }

  @Put(':id/health/settings')
  async update(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @Body() body: unknown,
  ): Promise<HealthView['settings']> {
    if (!WRITE_ROLES.includes(principal.role)) {
      throw forbidden(`an API key with role "${principal.role}" cannot change settings`);
    }
    const input = parseInput(settingsSchema, body);
    if (this.registry.endpoint(endpointId)?.tenantId !== principal.tenantId) {
      throw notFound(`endpoint "${endpointId}"`);
    }
    await this.settings.update(endpointId, principal.tenantId, input);
    return input;
  }

  private ownedBy(principal: TenantPrincipal, endpointId: string): void {
    const tenantId =
      this.registry.endpoint(endpointId)?.tenantId ?? this.windows.get(endpointId)?.owner.tenantId;
    if (tenantId !== principal.tenantId) throw notFound(`endpoint "${endpointId}"`);
  }
}
