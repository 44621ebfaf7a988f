import { Body, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import {
  ApiError,
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  pageQueryFields,
  parseInput,
  validationFailed,
  ValidQuery,
} from '@herald/http-api';
import { Principal, roleAllows, type TenantPrincipal } from '@herald/api-auth';
import { AddressPolicy } from '@herald/ssrf';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
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
import { EndpointsService, type EndpointListQuery } from './endpoints.service.js';

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

/** What the tenant's settings and catalog refuse (checked when the endpoint is written). */
const tenantRules = [
  {
    error: validationFailed([
      { field: 'url', reason: 'must be https:// (tenant setting httpsOnly)' },
      { field: 'eventTypes.0', reason: 'unknown event type "mesage_created" (not in the catalog)' },
    ]),
    when: "the URL breaks the tenant's settings, or a filter names nothing in its catalog",
    name: 'tenant_rules',
  },
  {
    error: new ApiError(
      409,
      'channel_taken',
      'the tenant allows one endpoint per channel (setting uniqueChannelEndpoint)',
      [
        {
          field: 'channels',
          reason: 'channel "web" already has endpoint 5f0c2a7e-3b8d-4c1e-9a61-0d2b7c4e8f10',
        },
      ],
    ),
    when: 'another endpoint has one of these channels and the tenant allows one per channel',
  },
];

const label = z.string().regex(/^[^:]+:.*$/, 'must be key:value');

const listQuerySchema = z.strictObject({
  ...pageQueryFields(100),
  label: z
    .union([label, z.array(label)])
    .optional()
    .transform((labels) =>
      Object.fromEntries(
        (labels === undefined ? [] : [labels].flat()).map((text) => {
          const colon = text.indexOf(':');
          return [text.slice(0, colon), text.slice(colon + 1)];
        }),
      ),
    )
    .meta({ description: '`key:value`; repeat to require several labels.' }),
  enabled: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

/** Tenant API (API key): CRUD of the caller's own endpoints (their secrets: `SecretsController`). */
@TenantApi('v1/endpoints', 'endpoints')
export class EndpointsController {
  constructor(
    private readonly endpoints: EndpointsService,
    @Inject(ENDPOINT_INPUT) private readonly input: EndpointInputSchemas,
  ) {}

  @Post()
  @HttpCode(201)
  @TenantOperation(
    'endpoints:write',
    'createEndpoint',
    'Subscribe a URL to event types',
    'The response carries the signing secret, which is also readable later.',
  )
  @ApiResponse({ status: 201, standardSchema: createdEndpointSchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidBody, ...tenantRules)
  create(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: documented.create }) body: unknown,
  ) {
    return this.endpoints.create(principal.tenantId, parseInput(this.input.create, body));
  }

  @Get()
  @TenantOperation(
    'read',
    'listEndpoints',
    "List the tenant's endpoints, oldest first",
    'Filter by labels and by enabled; keyset pagination.',
  )
  @ApiResponse({ status: 200, standardSchema: endpointListSchema, description: 'one page' })
  @ApiErrors(invalidInput(listQuerySchema, { label: 'no-colon' }, 'a filter is invalid'))
  list(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(listQuerySchema) query: EndpointListQuery,
  ) {
    return this.endpoints.list(principal.tenantId, query);
  }

  @Get(':id')
  @TenantOperation('read', 'getEndpoint', 'Read one endpoint')
  @endpointId
  @ApiResponse({ status: 200, standardSchema: endpointResponseSchema, description: 'the endpoint' })
  @ApiErrors(missing)
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.endpoints.get(principal.tenantId, id, roleAllows(principal.role, 'secrets:manage'));
  }

  @Patch(':id')
  @TenantOperation(
    'endpoints:write',
    'updateEndpoint',
    'Change some fields of an endpoint',
    "A disabled endpoint's messages are held by the dispatcher, not dropped, and " +
      'delivered once it is enabled again. Changes reach every service within milliseconds.',
  )
  @endpointId
  @ApiResponse({ status: 200, standardSchema: endpointResponseSchema, description: 'updated' })
  @ApiErrors(...BODY_ERRORS, invalidBody, ...tenantRules, missing)
  update(
    @Principal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Body({ schema: documented.patch }) body: unknown,
  ) {
    return this.endpoints.update(principal.tenantId, id, parseInput(this.input.patch, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @TenantOperation('endpoints:write', 'deleteEndpoint', 'Delete an endpoint')
  @endpointId
  @ApiResponse({ status: 204, description: 'deleted; nothing more is delivered to it' })
  @ApiErrors(missing)
  async remove(@Principal() principal: TenantPrincipal, @Param('id') id: string): Promise<void> {
    await this.endpoints.remove(principal.tenantId, id);
  }
}
