import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { ReplayStore } from './replay.store.js';

/** Tenant API (API key): the audit record and progress of one replay. */
@Controller('v1/replays')
@UseGuards(ApiKeyGuard)
export class ReplaysController {
  constructor(private readonly replays: ReplayStore) {}

  @Get(':id')
  @RequirePermission('read')
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.replays.get(principal.tenantId, id);
  }
}
