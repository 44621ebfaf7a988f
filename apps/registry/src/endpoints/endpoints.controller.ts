import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ANY_ROLE,
  ApiErrors,
  ApiKeyAuth,
  BODY_ERRORS,
  invalidInput,
  notFound,
  parseInput,
} from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/registry-view';
import { AddressPolicy } from '@herald/ssrf';
import { TenantKeyGuard } from '../api-keys/tenant-key.guard.js';
import {
  ENDPOINT_INPUT,
  endpointInputSchemas,
  type EndpointInputSchemas,
} from './endpoint-input.js';
import {
  createdEndpointSchema,
  endpointListSchema,
  endpointResponseSchema,
} from './endpoint.response.js';
import { EndpointsService } from './endpoints.service.js';

/**
 * The body schemas as documented: the same factory as the injected ones, with
 * the default URL rules. The configured rules only change refinements (URL
 * length and SSRF policy), which a JSON Schema cannot show, so the bodies are
 * validated with the injected schemas and documented with these.
 */
const documented = endpointInputSchemas({ policy: new AddressPolicy(false, []), maxLength: 2048 });

const invalidBody = invalidInput(documented.create, {
  url: 'ftp://example.com/hooks',
  eventTypes: [],
  headers: { 'webhook-id': 'x' },
  timeout: 5000,
});
const endpointId = ApiParam({ name: 'id', description: 'Endpoint id (UUID).' });
const missing = {
  error: notFound('endpoint'),
  when: "no endpoint with this id in the key's tenant",
};

/** Tenant API (API key): CRUD of the caller's own endpoints (their secrets: `SecretsController`). */
@Controller('v1/endpoints')
@UseGuards(TenantKeyGuard)
@ApiTags('endpoints')
export class EndpointsController {
  constructor(
    private readonly endpoints: EndpointsService,
    @Inject(ENDPOINT_INPUT) private readonly input: EndpointInputSchemas,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createEndpoint',
    summary: 'Subscribe a URL to event types',
    description: 'The response carries the signing secret, which is also readable later.',
  })
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 201, standardSchema: createdEndpointSchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidBody)
  create(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: documented.create }) body: unknown,
  ) {
    return this.endpoints.create(principal.tenantId, parseInput(this.input.create, body));
  }

  @Get()
  @ApiOperation({ operationId: 'listEndpoints', summary: "List the tenant's endpoints" })
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 200, standardSchema: endpointListSchema, description: 'the endpoints' })
  async list(@Principal() principal: TenantPrincipal) {
    return { data: await this.endpoints.list(principal.tenantId) };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getEndpoint', summary: 'Read one endpoint' })
  @endpointId
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 200, standardSchema: endpointResponseSchema, description: 'the endpoint' })
  @ApiErrors(missing)
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.endpoints.get(principal.tenantId, id);
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateEndpoint',
    summary: 'Change some fields of an endpoint',
    description:
      "A disabled endpoint's messages are held by the dispatcher, not dropped, and " +
      'delivered once it is enabled again. Changes reach every service within milliseconds.',
  })
  @endpointId
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 200, standardSchema: endpointResponseSchema, description: 'updated' })
  @ApiErrors(...BODY_ERRORS, invalidBody, missing)
  update(
    @Principal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Body({ schema: documented.patch }) body: unknown,
  ) {
    return this.endpoints.update(principal.tenantId, id, parseInput(this.input.patch, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteEndpoint', summary: 'Delete an endpoint' })
  @endpointId
  @ApiKeyAuth({ roles: ANY_ROLE })
  @ApiResponse({ status: 204, description: 'deleted; nothing more is delivered to it' })
  @ApiErrors(missing)
  async remove(@Principal() principal: TenantPrincipal, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(principal.tenantId, id);
  }
}
