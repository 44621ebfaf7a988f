import { Body, Controller, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { invalidInput, notFound, parseInput } from '@herald/http-api';
import { RegistryView } from '@herald/registry-view';
import { ApiKeyGuard, Principal, type TenantPrincipal } from '@herald/api-auth';
import { recoverBodySchema } from './dead-letter-filter.js';
import { ReplayJobs } from './replay-jobs.service.js';
import { ReplayRoute } from './replay-route.js';
import { RetryAfterFilter } from './retry-after.filter.js';

/**
 * Tenant API (API key): recover an endpoint — replay every dead letter of it
 * since a given time, with the same jobs, pace and audit as bulk replay.
 * The endpoint must be the caller's (read model), otherwise 404.
 */
@Controller('v1/endpoints')
@UseGuards(ApiKeyGuard)
@UseFilters(RetryAfterFilter)
@ApiTags('dead letters')
export class EndpointRecoveryController {
  constructor(
    private readonly registry: RegistryView,
    private readonly jobs: ReplayJobs,
  ) {}

  @Post(':id/recover')
  @ApiParam({ name: 'id', description: 'Endpoint id.' })
  @ReplayRoute(
    {
      operationId: 'recoverEndpoint',
      summary: 'Replay everything that died for an endpoint since a time, or count it',
      description: 'The same paced, audited jobs as `replayDeadLetters`, for one endpoint.',
    },
    invalidInput(recoverBodySchema, { since: 'yesterday' }),
    { error: notFound('endpoint'), when: "the endpoint is not the key's tenant's" },
  )
  async recover(
    @Principal() principal: TenantPrincipal,
    @Param('id') id: string,
    // Validated below, after the tenant and role checks (404, then 403, then 400).
    @Body({ schema: recoverBodySchema }) body: unknown,
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
