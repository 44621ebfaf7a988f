import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { notFound, parseInput } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RegistryView,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { recoverBodySchema } from './dead-letter-filter.js';
import { ReplayJobs } from './replay-jobs.service.js';
import { RetryAfterFilter } from './retry-after.filter.js';

/**
 * Tenant API (API key): recover an endpoint — replay every dead letter of it
 * since a given time, with the same jobs, pace and audit as bulk replay.
 * The endpoint must be the caller's (read model), otherwise 404.
 */
@Controller('v1/endpoints')
@UseGuards(ApiKeyGuard)
@UseFilters(RetryAfterFilter)
export class EndpointRecoveryController {
  constructor(
    private readonly registry: RegistryView,
    private readonly jobs: ReplayJobs,
  ) {}

  @Post(':id/recover')
  @RequirePermission('deliveries:replay')
  async recover(
    @Principal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    if (this.registry.endpoint(id)?.tenantId !== principal.tenantId) throw notFound('endpoint');
    const { dryRun, ...rest } = parseInput(recoverBodySchema, body);
    const selection = { endpointId: id, ...rest };
    const result = await this.jobs.request(principal, 'recover', selection, dryRun);
    response.status(dryRun ? 200 : 202);
    return dryRun ? { ...result, dryRun } : result;
  }
}
