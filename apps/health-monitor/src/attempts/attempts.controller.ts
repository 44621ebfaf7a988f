import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  ANY_ROLE,
  ApiErrors,
  ApiKeyAuth,
  invalidInput,
  notFound,
  ValidQuery,
} from '@herald/http-api';
import { ApiKeyGuard, Principal, RegistryView, type TenantPrincipal } from '@herald/registry-view';
import { AttemptLog } from './attempt-log.js';
import { attemptListSchema, toAttemptView, type AttemptView } from './attempt-view.js';

const listQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .meta({ description: 'How many of the latest attempts.' }),
  messageId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Only the attempts of this message (the link in a delivery.* alert).' }),
});

const unknownEndpoint = (endpointId: string) => notFound(`endpoint "${endpointId}"`);

/**
 * `GET /v1/endpoints/:id/attempts?limit=50[&messageId=…]`: the caller's latest
 * attempts for one endpoint (or one of its messages), newest first. Every query is scoped to the caller's tenant, so
 * another tenant's endpoint id yields 404 and never its data. An endpoint that
 * was deleted from the registry keeps its history readable.
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
    description: 'Outcome, reason, status, latency and the truncated response of each attempt.',
  })
  @ApiParam({ name: 'id', description: 'Endpoint id; a deleted endpoint keeps its history.' })
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 200, standardSchema: attemptListSchema, description: 'the attempts' })
  @ApiErrors(invalidInput(listQuerySchema, { limit: '0' }, '`limit` is not 1 to 500'), {
    error: unknownEndpoint('5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10'),
    when: "the endpoint is not the key's tenant's and has no attempts of it",
  })
  async list(
    @Principal() principal: TenantPrincipal,
    @Param('id') endpointId: string,
    @ValidQuery(listQuerySchema) { limit, messageId }: z.infer<typeof listQuerySchema>,
  ): Promise<{ data: AttemptView[] }> {
    const rows = await this.log.latest(principal.tenantId, endpointId, limit, messageId);
    if (rows.length === 0 && this.registry.endpoint(endpointId)?.tenantId !== principal.tenantId) {
      throw unknownEndpoint(endpointId);
    }
    return { data: rows.map(toAttemptView) };
  }
}
