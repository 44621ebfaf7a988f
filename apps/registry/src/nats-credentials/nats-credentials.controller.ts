import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, invalidInput, notFound, parseInput } from '@herald/http-api';
import { Principal, type TenantPrincipal } from '@herald/api-auth';
import { TenantApi, TenantOperation } from '../api-keys/tenant-api.decorator.js';
import {
  createdNatsCredentialSchema,
  createNatsCredentialSchema,
  natsCredentialListSchema,
} from './nats-credential.response.js';
import {
  NatsCredentialsService,
  natsCredentialsDisabled,
  revocationPending,
} from './nats-credentials.service.js';

const disabled = { error: natsCredentialsDisabled(), when: 'NATS JWT auth is not configured' };

/**
 * Tenant API (admin keys): NATS credentials for the tenant's producers.
 * `POST` `{ name?, expiresIn? }` → 201 with the `.creds` file, shown once:
 * its user may publish only to `<namespace>.ingest.<tenantId>.>` and
 * subscribe only to its own inbox. `GET` lists them without secrets;
 * `DELETE /:id` revokes (204 once the NATS servers refuse them).
 */
@TenantApi('v1/nats-credentials', 'nats-credentials')
export class NatsCredentialsController {
  constructor(private readonly credentials: NatsCredentialsService) {}

  @Get()
  @TenantOperation('api-keys:manage', 'listNatsCredentials', "The tenant's NATS credentials")
  @ApiResponse({ status: 200, standardSchema: natsCredentialListSchema, description: 'the list' })
  @ApiErrors(disabled)
  async list(@Principal() principal: TenantPrincipal) {
    return { data: await this.credentials.list(principal.tenantId) };
  }

  @Post()
  @HttpCode(201)
  @TenantOperation(
    'api-keys:manage',
    'createNatsCredential',
    'Create NATS credentials for a producer',
    'The `.creds` file is in the response only. Connect with it and with `inboxPrefix`.',
  )
  @ApiResponse({ status: 201, standardSchema: createdNatsCredentialSchema, description: 'created' })
  @ApiErrors(...BODY_ERRORS, invalidInput(createNatsCredentialSchema, { name: '' }), disabled)
  create(
    @Principal() principal: TenantPrincipal,
    @Body({ schema: createNatsCredentialSchema }) body: unknown,
  ) {
    const input = parseInput(createNatsCredentialSchema, body ?? {});
    return this.credentials.create(principal.tenantId, input.name ?? null, input.expiresIn);
  }

  @Delete(':id')
  @HttpCode(204)
  @TenantOperation(
    'api-keys:manage',
    'revokeNatsCredential',
    'Revoke NATS credentials',
    'The NATS servers close its connections and refuse it from the moment this returns 204.',
  )
  @ApiParam({ name: 'id', description: 'Credential id (UUID).' })
  @ApiResponse({ status: 204, description: 'revoked' })
  @ApiErrors(
    { error: notFound('NATS credentials'), when: 'no credentials with this id in the tenant' },
    { error: revocationPending(), when: 'NATS could not be told yet (retried until it is)' },
    disabled,
  )
  async revoke(@Principal() principal: TenantPrincipal, @Param('id') id: string): Promise<void> {
    await this.credentials.revoke(principal.tenantId, id);
  }
}
