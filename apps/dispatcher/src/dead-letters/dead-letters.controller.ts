import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { parseInput } from '@herald/http-api';
import {
  ApiKeyGuard,
  Principal,
  RequirePermission,
  type TenantPrincipal,
} from '@herald/registry-view';
import { listQuerySchema, replayBodySchema } from './dead-letter-filter.js';
import { DeadLetterReader } from './dead-letter.reader.js';
import { ReplayJobs } from './replay-jobs.service.js';
import { RetryAfterFilter } from './retry-after.filter.js';

/** Tenant API (API key): list, read and bulk-replay the caller's dead letters. */
@Controller('v1/dead-letters')
@UseGuards(ApiKeyGuard)
@UseFilters(RetryAfterFilter)
export class DeadLettersController {
  constructor(
    private readonly reader: DeadLetterReader,
    private readonly jobs: ReplayJobs,
  ) {}

  @Get()
  @RequirePermission('read')
  list(@Principal() principal: TenantPrincipal, @Query() query: unknown) {
    return this.reader.list(principal.tenantId, parseInput(listQuerySchema, query));
  }

  @Get(':id')
  @RequirePermission('read')
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.reader.get(principal.tenantId, id);
  }

  /** 200 `{ replayId, matched }` for a dry run (only counted), 202 once a job is started. */
  @Post('replay')
  @RequirePermission('deliveries:replay')
  async replay(
    @Principal() principal: TenantPrincipal,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    const { dryRun, ...selection } = parseInput(replayBodySchema, body);
    const result = await this.jobs.request(principal, 'dead_letters', selection, dryRun);
    response.status(dryRun ? 200 : 202);
    return dryRun ? { ...result, dryRun } : result;
  }
}
