import { Body, Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@herald/http-api';
import { Principal, RequirePermission, type TenantPrincipal } from '@herald/registry-view';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import { EndpointTestsService } from './endpoint-tests.service.js';

const testBodySchema = z.strictObject({
  eventType: z.string().min(1).max(128).optional(),
  version: z.number().int().min(1).max(1000).optional(),
  payload: z.json().optional(),
});

/**
 * `POST /v1/endpoints/:id/test` `{ eventType?, version?, payload? }` (admin,
 * configurator) → 200 `{ messageId, status: delivered | failed, attempt }`,
 * or 202 with `status: pending` when no attempt came in time. 409
 * `endpoint_disabled` / `endpoint_paused`; 404 for another tenant's endpoint.
 */
@Controller('v1/endpoints')
@UseGuards(TenantKeyGuard)
export class EndpointTestsController {
  constructor(private readonly tests: EndpointTestsService) {}

  @Post(':id/test')
  @RequirePermission('endpoints:test')
  async test(
    @Principal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    const result = await this.tests.test(principal.tenantId, id, parseInput(testBodySchema, body));
    response.status(result.status === 'pending' ? 202 : 200);
    return result;
  }
}
