import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  ApiErrors,
  BODY_ERRORS,
  invalidInput,
  notFound,
  parseInput,
  ValidQuery,
} from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import {
  apiKeyListSchema,
  createApiKeySchema,
  createdApiKeySchema,
  listKeysQuerySchema,
} from './api-key.response.js';
import { ApiKeysService, lastAdminKey } from './api-keys.service.js';
import { TenantApi, TenantOperation } from './tenant-api.decorator.js';

export { createApiKeySchema };

/**
 * Tenant API (admin keys): the tenant's API keys. `GET` lists them with their
 * display prefix only; `POST` `{ role, name? }` → 201 with `key`, shown once;
 * `DELETE /:id` revokes (204).
 */
@TenantApi('v1/api-keys', 'api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @TenantOperation('api-keys:manage', 'listApiKeys', "The tenant's API keys, by prefix")
  @ApiResponse({ status: 200, standardSchema: apiKeyListSchema, description: 'the keys' })
  @ApiErrors(invalidInput(listKeysQuerySchema, { includeRevoked: 'yes' }))
  async list(
    @Principal() principal: TenantPrincipal,
    @ValidQuery(listKeysQuerySchema) query: z.infer<typeof listKeysQuerySchema>,
  ) {
    return { data: await this.keys.list(principal.tenantId, query.includeRevoked === 'true') };
  }

  @Post()
  @HttpCode(201)
  @TenantOperation(
    'api-keys:manage',
    'createApiKey',
    'Create an API key with a role',
    'The key is in the response only; Herald stores its hash.',
  )
  @ApiResponse({ status: 201, standardSchema: createdApiKeySchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidInput(createApiKeySchema, { role: 'owner' }))
  create(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: createApiKeySchema }) body: unknown,
  ) {
    const input = parseInput(createApiKeySchema, body);
    return this.keys.create(principal.tenantId, input.role, input.name ?? null);
  }

  @Delete(':id')
  @HttpCode(204)
  @TenantOperation(
    'api-keys:manage',
    'revokeApiKey',
    'Revoke an API key',
    'It stops working at once, on every service. Revoking twice changes nothing.',
  )
  @ApiParam({ name: 'id', description: 'API key id (UUID), not the key.' })
  @ApiResponse({ status: 204, description: 'revoked' })
  @ApiErrors(
    { error: notFound('API key'), when: 'no key with this id in the tenant' },
    { error: lastAdminKey(), when: "it is the tenant's last active admin key" },
  )
  async revoke(@Principal() principal: TenantPrincipal, @Param('id') id: string): Promise<void> {
    await this.keys.revoke(principal.tenantId, id);
  }
}
