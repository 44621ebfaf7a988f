import { Body, Controller, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { ResendRateLimited } from './resend-errors.js';
import { ResendService, type ResendAccepted } from './resend.service.js';

const resendBodySchema = z.strictObject({
  endpointId: z.string().min(1).max(128),
});

/** The part of the HTTP response this controller touches. */
interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/**
 * `POST /v1/messages/:id/resend` `{ "endpointId" }` → 202
 * `{ replayId, messageId, endpointId }` once the task is stored in JetStream.
 * 403 for viewer keys, 404 for a message or endpoint the tenant does not
 * have, 429 with `Retry-After` (seconds) over the tenant's resend rate.
 */
@Controller('v1/messages')
@UseGuards(ApiKeyGuard)
export class ResendsController {
  constructor(private readonly resends: ResendService) {}

  @Post(':id/resend')
  @HttpCode(202)
  @RequirePermission('deliveries:replay')
  async resend(
    @Principal() principal: TenantPrincipal,
    @Param('id') messageId: string,
    @Body() body: unknown,
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
