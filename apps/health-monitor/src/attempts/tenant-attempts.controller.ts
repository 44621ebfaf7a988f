import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { notFound, parseInput, type Page } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { AttemptLog } from './attempt-log.js';
import { attemptFiltersSchema } from './attempt-query.js';
import { toAttemptView, type AttemptView } from './attempt-view.js';
import { deliveryStatuses, type DeliveryStatus } from './delivery-summary.js';

/**
 * The tenant's attempts across endpoints (any reading role):
 * `GET /v1/attempts?endpointId=&outcome=&eventType=&messageId=&since=&until=&limit=&cursor=`
 * (newest first — what `herald tail` follows), and one message's attempts
 * (`GET /v1/messages/:id/attempts`, oldest first) and per-endpoint delivery
 * status (`GET /v1/messages/:id/deliveries`). A message with no attempts of
 * the caller's tenant — another tenant's, or not attempted yet — is a 404.
 */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class TenantAttemptsController {
  constructor(private readonly log: AttemptLog) {}

  @Get('attempts')
  @RequirePermission('read')
  async list(
    @Principal() principal: TenantPrincipal,
    @Query() query: unknown,
  ): Promise<Page<AttemptView>> {
    const page = await this.log.list(principal.tenantId, parseInput(attemptFiltersSchema, query));
    return { data: page.data.map(toAttemptView), nextCursor: page.nextCursor };
  }

  @Get('messages/:id/attempts')
  @RequirePermission('read')
  async ofMessage(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
  ): Promise<{ data: AttemptView[] }> {
    const rows = await this.log.ofMessage(principal.tenantId, messageId);
    if (rows.length === 0) throw notFound(`attempts of message "${messageId}"`);
    return { data: rows.map(toAttemptView) };
  }

  @Get('messages/:id/deliveries')
  @RequirePermission('read')
  async deliveries(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
  ): Promise<{ data: DeliveryStatus[] }> {
    const rows = await this.log.ofMessage(principal.tenantId, messageId);
    if (rows.length === 0) throw notFound(`attempts of message "${messageId}"`);
    return { data: deliveryStatuses(rows) };
  }
}
