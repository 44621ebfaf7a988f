import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { notFound, parseInput, type Page } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RegistryView,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { AttemptLog } from './attempt-log.js';
import { attemptFiltersSchema } from './attempt-query.js';
import { toAttemptView, type AttemptView } from './attempt-view.js';

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
export class AttemptsController {
  constructor(
    private readonly log: AttemptLog,
    private readonly registry: RegistryView,
  ) {}

  @Get(':id/attempts')
  @RequirePermission('read')
  list(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @Query() query: unknown,
  ): Promise<Page<AttemptView>> {
    return this.page(principal, endpointId, query, {});
  }

  @Get(':id/failures')
  @RequirePermission('read')
  failures(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @Query() query: unknown,
  ): Promise<Page<AttemptView>> {
    return this.page(principal, endpointId, query, { outcome: 'failure' });
  }

  private async page(
    principal: TenantPrincipal,
    endpointId: string,
    query: unknown,
    fixed: { outcome?: 'failure' },
  ): Promise<Page<AttemptView>> {
    const filters = { ...parseInput(attemptFiltersSchema, query), ...fixed, endpointId };
    const page = await this.log.list(principal.tenantId, filters);
    if (
      page.data.length === 0 &&
      filters.cursor === undefined &&
      !this.isOwn(principal, endpointId)
    ) {
      const anyAttempt = await this.log.list(principal.tenantId, { endpointId, limit: 1 });
      if (anyAttempt.data.length === 0) throw notFound(`endpoint "${endpointId}"`);
    }
    return { data: page.data.map(toAttemptView), nextCursor: page.nextCursor };
  }

  private isOwn(principal: TenantPrincipal, endpointId: string): boolean {
    return this.registry.endpoint(endpointId)?.tenantId === principal.tenantId;
  }
}
