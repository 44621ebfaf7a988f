import { applyDecorators, Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import {
  apiSchema,
  ApiErrors,
  ApiPageRoute,
  mapPage,
  notFound,
  ValidQuery,
  type Page,
} from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { AttemptLog } from './attempt-log.js';
import { attemptFiltersSchema, type AttemptFilters } from './attempt-query.js';
import {
  attemptListSchema,
  attemptPageSchema,
  toAttemptView,
  type AttemptView,
} from './attempt-view.js';
import { deliveryStatuses, type DeliveryStatus } from './delivery-summary.js';

const deliveryStatusSchema = apiSchema(
  z.object({
    data: z.array(
      z.object({
        endpointId: z.string(),
        status: z.enum(['delivered', 'failed', 'retrying']),
        attempts: z.number().int(),
        lastAttemptAt: z.iso.datetime(),
        lastStatusCode: z.number().int().nullable(),
        nextAttemptAt: z.iso.datetime().nullable(),
      }),
    ),
  }),
  {
    description: 'Per endpoint, from its latest attempt of the message.',
    example: {
      data: [
        {
          endpointId: '5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
          status: 'delivered',
          attempts: 2,
          lastAttemptAt: '2026-11-30T12:05:07.000Z',
          lastStatusCode: 200,
          nextAttemptAt: null,
        },
      ],
    },
  },
);

const noAttempts = {
  error: notFound('attempts of message "msg_5d41402abc4b2a76b9719d911017c592"'),
  when: "no attempt of this message in the key's tenant (another tenant's, or not attempted yet)",
};

/** What both message routes declare (listed in the order they apply). */
const messageRoute = (
  operation: Parameters<typeof ApiOperation>[0],
  response: Parameters<typeof ApiResponse>[0],
) =>
  applyDecorators(
    ApiErrors(noAttempts),
    ApiResponse(response),
    RequirePermission('read'),
    ApiParam({ name: 'id', description: 'Message id (`msg_…`).' }),
    ApiOperation(operation),
  );

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
@ApiTags('attempts')
export class TenantAttemptsController {
  constructor(private readonly log: AttemptLog) {}

  @Get('attempts')
  @ApiPageRoute(
    {
      operationId: 'listAttempts',
      summary: "The tenant's attempts across endpoints, newest first",
      description: 'Filter by endpoint, outcome, event type, message and time; keyset pagination.',
    },
    attemptPageSchema,
    attemptFiltersSchema,
  )
  @RequirePermission('read')
  async list(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(attemptFiltersSchema) filters: AttemptFilters,
  ): Promise<Page<AttemptView>> {
    return mapPage(await this.log.list(principal.tenantId, filters), toAttemptView);
  }

  @Get('messages/:id/attempts')
  @messageRoute(
    { operationId: 'listMessageAttempts', summary: "A message's attempts, oldest first" },
    { status: 200, standardSchema: attemptListSchema, description: 'the attempts' },
  )
  async ofMessage(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
  ): Promise<{ data: AttemptView[] }> {
    return { data: (await this.attemptsOf(principal, messageId)).map(toAttemptView) };
  }

  @Get('messages/:id/deliveries')
  @messageRoute(
    {
      operationId: 'listMessageDeliveries',
      summary: 'Where a message stands at each endpoint',
      description: '`delivered`, `failed` (final) or `retrying` (with the next attempt time).',
    },
    { status: 200, standardSchema: deliveryStatusSchema, description: 'per endpoint' },
  )
  async deliveries(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
  ): Promise<{ data: DeliveryStatus[] }> {
    return { data: deliveryStatuses(await this.attemptsOf(principal, messageId)) };
  }

  /** The message's attempts in the caller's tenant, oldest first; a 404 when there are none. */
  private async attemptsOf(principal: TenantPrincipal, messageId: string) {
    const rows = await this.log.ofMessage(principal.tenantId, messageId);
    if (rows.length === 0) throw notFound(`attempts of message "${messageId}"`);
    return rows;
  }
}
