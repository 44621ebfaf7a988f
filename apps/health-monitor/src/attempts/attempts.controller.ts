import { applyDecorators, Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  invalidInput,
  mapPage,
  notFound,
  ValidQuery,
  type Page,
} from '@herald/http-api';
import { RegistryView } from '@herald/registry-view';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { AttemptLog } from './attempt-log.js';
import { attemptFiltersSchema, type AttemptFilters } from './attempt-query.js';
import { attemptPageSchema, toAttemptView, type AttemptView } from './attempt-view.js';

/** The filters of one endpoint's lists: all of `attemptFiltersSchema` but the endpoint. */
const endpointFiltersSchema = attemptFiltersSchema.omit({ endpointId: true });
type EndpointFilters = Omit<AttemptFilters, 'endpointId'>;

const unknownEndpoint = (endpointId: string) => notFound(`endpoint "${endpointId}"`);
const errors = [
  invalidInput(endpointFiltersSchema, { limit: '0', outcome: 'maybe' }, 'a filter is invalid'),
  {
    error: unknownEndpoint('5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10'),
    when: "the endpoint is not the key's tenant's and has no attempts of it",
  },
];
/** What both routes declare besides their operation (listed in the order they apply). */
const endpointPage = applyDecorators(
  ApiErrors(...errors),
  ApiResponse({ status: 200, standardSchema: attemptPageSchema, description: 'one page' }),
  RequirePermission('read'),
  ApiParam({ name: 'id', description: 'Endpoint id; a deleted endpoint keeps its history.' }),
);

/**
 * An endpoint's attempt log (any reading role), newest first with cursors:
 * `GET /v1/endpoints/:id/attempts?outcome=&eventType=&messageId=&since=&until=&limit=&cursor=`
 * and its error log, `GET /v1/endpoints/:id/failures` (the failures only).
 * Every query is scoped to the caller's tenant, so another tenant's endpoint
 * id yields 404 and never its data. An endpoint that was deleted from the
 * registry keeps its history readable.
 */
@Controller('v1/endpoints')
@UseGuards(ApiKeyGuard)
@ApiTags('attempts')
export class AttemptsController {
  constructor(
    private readonly log: AttemptLog,
    private readonly registry: RegistryView,
  ) {}

  @Get(':id/attempts')
  @ApiOperation({
    operationId: 'listEndpointAttempts',
    summary: "An endpoint's attempt log, newest first",
    description:
      'Outcome, reason, status, latency and the truncated response of each attempt; ' +
      'filter by outcome, event type, message and time; keyset pagination.',
  })
  @endpointPage
  list(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @ValidQuery(endpointFiltersSchema) filters: EndpointFilters,
  ): Promise<Page<AttemptView>> {
    return this.page(principal, endpointId, filters);
  }

  @Get(':id/failures')
  @ApiOperation({
    operationId: 'listEndpointFailures',
    summary: "An endpoint's error log: its failed attempts, newest first",
    description: 'The same as `attempts?outcome=failure`.',
  })
  @endpointPage
  failures(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @ValidQuery(endpointFiltersSchema) filters: EndpointFilters,
  ): Promise<Page<AttemptView>> {
    return this.page(principal, endpointId, { ...filters, outcome: 'failure' });
  }

  private async page(
    principal: TenantPrincipal,
    endpointId: string,
    filters: EndpointFilters,
  ): Promise<Page<AttemptView>> {
    const page = await this.log.list(principal.tenantId, { ...filters, endpointId });
    const own = this.registry.endpoint(endpointId)?.tenantId === principal.tenantId;
    if (page.data.length === 0 && filters.cursor === undefined && !own) {
      const any = await this.log.list(principal.tenantId, { endpointId, limit: 1 });
      if (any.data.length === 0) throw unknownEndpoint(endpointId);
    }
    return mapPage(page, toAttemptView);
  }
}
