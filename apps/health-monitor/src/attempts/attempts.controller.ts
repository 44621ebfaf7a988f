import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { notFound, parseInput } from '@herald/http-api';
import { ApiKeyGuard, Principal, RegistryView, type TenantPrincipal } from '@herald/registry-view';
import { AttemptLog } from './attempt-log.js';
import { toAttemptView, type AttemptView } from './attempt-view.js';

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Only the attempts of one message (the link in a `delivery.*` alert). */
  messageId: z.string().min(1).max(200).optional(),
});

/**
 * `GET /v1/endpoints/:id/attempts?limit=50[&messageId=…]`: the caller's latest
 * attempts for one endpoint (or one of its messages), newest first. Every query is scoped to the caller's tenant, so
 * another tenant's endpoint id yields 404 and never its data. An endpoint that
 * was deleted from the registry keeps its history readable.
 */
@Controller('v1/endpoints')
@UseGuards(ApiKeyGuard)
export class AttemptsController {
  constructor(
    private readonly log: AttemptLog,
    private readonly registry: RegistryView,
  ) {}

  @Get(':id/attempts')
  async list(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @Query() query: unknown,
  ): Promise<{ data: AttemptView[] }> {
    const { limit, messageId } = parseInput(listQuerySchema, query);
    const rows = await this.log.latest(principal.tenantId, endpointId, limit, messageId);
    if (rows.length === 0 && this.registry.endpoint(endpointId)?.tenantId !== principal.tenantId) {
      throw notFound(`endpoint "${endpointId}"`);
    }
    return { data: rows.map(toAttemptView) };
  }
}
