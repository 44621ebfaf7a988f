import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiErrors, notFound } from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import { endpointSecretsSchema, rotatedSecretSchema } from './secret.response.js';
import { SecretsService } from './secrets.service.js';

const missing = {
  error: notFound('endpoint'),
  when: "no endpoint with this id in the key's tenant",
};

/** Tenant API (API key): reveal and rotate the signing secret of the caller's own endpoint. */
@TenantApi('v1/endpoints/:id/secret', 'endpoints')
@ApiParam({ name: 'id', description: 'Endpoint id (UUID).' })
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Get()
  @TenantOperation('secrets:manage', 'getEndpointSecret', "Reveal an endpoint's signing secret")
  @ApiResponse({ status: 200, standardSchema: endpointSecretsSchema, description: 'the secrets' })
  @ApiErrors(missing)
  read(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.secrets.read(principal.tenantId, id);
  }

  @Post('rotate')
  @HttpCode(200)
  @TenantOperation(
    'secrets:manage',
    'rotateEndpointSecret',
    'Replace the signing secret, keeping the old one for a grace period',
    'Every delivery carries both signatures until `previousSecretExpiresAt`, so receivers ' +
      'can switch over without rejecting anything.',
  )
  @ApiResponse({ status: 200, standardSchema: rotatedSecretSchema, description: 'rotated' })
  @ApiErrors(missing)
  rotate(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.secrets.rotate(principal.tenantId, id);
  }
}
