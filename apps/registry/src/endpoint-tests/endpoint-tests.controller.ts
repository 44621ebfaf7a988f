import { Body, Param, Post, Res } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import {
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  parseInput,
  validationFailed,
} from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import { TEST_REFUSALS, testBodySchema, testResultSchema } from './endpoint-test.docs.js';
import { EndpointTestsService } from './endpoint-tests.service.js';

/**
 * `POST /v1/endpoints/:id/test` `{ eventType?, version?, payload? }` (admin,
 * configurator) → 200 `{ messageId, status: delivered | failed, attempt }`,
 * or 202 with `status: pending` when no attempt came in time. 409
 * `endpoint_disabled` / `endpoint_paused`; 404 for another tenant's endpoint.
 */
@TenantApi('v1/endpoints', 'endpoints')
export class EndpointTestsController {
  constructor(private readonly tests: EndpointTestsService) {}

  @Post(':id/test')
  @TenantOperation(
    'endpoints:test',
    'testEndpoint',
    'Send a test event through the real pipeline and report the attempt',
    'Ingest validates and envelopes it like any event and delivers it to this endpoint ' +
      'only; the dispatcher signs and sends it. Answers with the first attempt (200), or ' +
      '202 `pending` if none came within `HERALD_ENDPOINT_TEST_WAIT`.',
  )
  @ApiParam({ name: 'id', description: 'Endpoint id (UUID).' })
  @ApiResponse({ status: 200, standardSchema: testResultSchema, description: 'attempted' })
  @ApiResponse({ status: 202, standardSchema: testResultSchema, description: 'pending' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(testBodySchema, { version: 0 }),
    {
      error: validationFailed([{ field: 'eventType', reason: '"AgentLg" is not in the catalog' }]),
      when: 'the event type is not in the catalog, or the payload breaks its schema',
      name: 'catalog',
    },
    { error: notFound('endpoint'), when: "no endpoint with this id in the key's tenant" },
    ...TEST_REFUSALS,
  )
  async test(
    @Principal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Body({ schema: testBodySchema }) body: unknown,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    const result = await this.tests.test(principal.tenantId, id, parseInput(testBodySchema, body));
    response.status(result.status === 'pending' ? 202 : 200);
    return result;
  }
}
