import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, notFound } from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { replaySchema } from './dead-letter.docs.js';
import { ReplayStore } from './replay.store.js';

/** Tenant API (API key): the audit record and progress of one replay. */
@Controller('v1/replays')
@UseGuards(ApiKeyGuard)
@ApiTags('dead letters')
export class ReplaysController {
  constructor(private readonly replays: ReplayStore) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getReplay', summary: 'The audit record and progress of a replay' })
  @ApiParam({ name: 'id', description: 'Replay id (`rpl_…`).' })
  @RequirePermission('read')
  @ApiResponse({ status: 200, standardSchema: replaySchema, description: 'the replay' })
  @ApiErrors({ error: notFound('replay'), when: "no replay with this id in the key's tenant" })
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.replays.get(principal.tenantId, id);
  }
}
