import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  parseInput,
  RETRY_AFTER,
} from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { ResendRateLimited } from './resend-errors.js';
import { resendAcceptedSchema, resendBodySchema, type ResendAccepted } from './resend.docs.js';
import { ResendService } from './resend.service.js';

/** The part of the HTTP response this controller touches. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * `POST /v1/messages/:id/resend` `{ "endpointId" }` → 202
 * `{ replayId, messageId, endpointId }` once the task is stored in JetStream.
 * 403 for viewer and publisher keys, 404 for a message or endpoint the tenant does not
 * have, 429 with `Retry-After` (seconds) over the tenant's resend rate.
 */
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
@ApiTags('messages')
export class ResendsController {
  constructor(private readonly resends: ResendService) {}

  @Post(':id/resend')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'resendMessage',
    summary: 'Deliver a stored message to one endpoint again',
    description:
      'A fresh delivery chain with its own retries, whatever happened before; audited. ' +
      'Rate-limited per tenant (`HERALD_RESEND_RATE`, `HERALD_RESEND_BURST`).',
  })
  @ApiParam({ name: 'id', description: 'Message id (`msg_…`).' })
  @RequirePermission('deliveries:replay')
  @ApiResponse({ status: 202, standardSchema: resendAcceptedSchema, description: 'stored' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(resendBodySchema, { endpointId: '' }),
    { error: notFound('message "msg_0000"'), when: "the message is not the key's tenant's" },
    { error: notFound('endpoint "e-0000"'), when: "the endpoint is not the key's tenant's" },
    {
      error: new ResendRateLimited(2),
      when: "over the tenant's resend rate",
      headers: RETRY_AFTER,
    },
  )
  async resend(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
    // Validated below, after the role check: a viewer learns 403 whatever it sends.
    @Body({ schema: resendBodySchema }) body: unknown,
    @Res({ passthrough: true }) response: HeaderSink,
  ): Promise<ResendAccepted> {
    const { endpointId } = parseInput(resendBodySchema, body);
    try {
      return await this.resends.resend(principal, messageId, endpointId);
    } catch (error) {
      // The shared exception filter writes the body; the header is ours to add.
      if (error instanceof ResendRateLimited) {
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      throw error;
    }
  }
}
