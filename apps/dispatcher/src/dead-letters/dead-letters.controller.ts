import { Body, Controller, Get, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, invalidInput, notFound, parseInput, ValidQuery } from '@herald/http-api';
import { ApiKeyGuard, Principal, RequirePermission, type TenantPrincipal } from '@herald/api-auth';
import { listQuerySchema, replayBodySchema, type ListQuery } from './dead-letter-filter.js';
import { deadLetterDetailSchema, deadLetterPageSchema } from './dead-letter.docs.js';
import { DeadLetterReader } from './dead-letter.reader.js';
import { ReplayJobs } from './replay-jobs.service.js';
import { ReplayRoute } from './replay-route.js';
import { RetryAfterFilter } from './retry-after.filter.js';

/** Tenant API (API key): list, read and bulk-replay the caller's dead letters. */
@Controller('v1/dead-letters')
@UseGuards(ApiKeyGuard)
@UseFilters(RetryAfterFilter)
@ApiTags('dead letters')
export class DeadLettersController {
  constructor(
    private readonly reader: DeadLetterReader,
    private readonly jobs: ReplayJobs,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listDeadLetters',
    summary: 'List dead letters, newest first, by filter',
    description: 'Keyset pagination: pass `nextCursor` back as `cursor`.',
  })
  @RequirePermission('read')
  @ApiResponse({ status: 200, standardSchema: deadLetterPageSchema, description: 'one page' })
  @ApiErrors(
    invalidInput(
      listQuerySchema,
      { since: '2026-12-01T00:00:00Z', until: '2026-11-01T00:00:00Z', limit: '1000' },
      'a filter is invalid; `details` names each',
    ),
  )
  list(@Principal() principal: TenantPrincipal, @ValidQuery(listQuerySchema) query: ListQuery) {
    return this.reader.list(principal.tenantId, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getDeadLetter', summary: 'Read one dead letter with its payload' })
  @ApiParam({ name: 'id', description: 'Dead letter id (UUID).' })
  @RequirePermission('read')
  @ApiResponse({
    status: 200,
    standardSchema: deadLetterDetailSchema,
    description: 'the dead letter',
  })
  @ApiErrors({
    error: notFound('dead letter'),
    when: "no dead letter with this id in the key's tenant",
  })
  get(@Principal() principal: TenantPrincipal, @Param('id') id: string) {
    return this.reader.get(principal.tenantId, id);
  }

  /** 200 `{ replayId, matched }` for a dry run (only counted), 202 once a job is started. */
  @Post('replay')
  @ReplayRoute(
    {
      operationId: 'replayDeadLetters',
      summary: 'Replay the dead letters a filter selects, or count them',
      description:
        'Starts a paced, audited job that survives restarts (`HERALD_REPLAY_RATE`); each dead ' +
        'letter gets a fresh delivery chain. With `dryRun` only counts.',
    },
    invalidInput(replayBodySchema, { statusCode: 42, everything: true }),
  )
  async replay(
    @Principal() principal: TenantPrincipal,
    // Validated below, after the role check.
    @Body({ schema: replayBodySchema }) body: unknown,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    const { dryRun, ...selection } = parseInput(replayBodySchema, body);
    const result = await this.jobs.request(principal, 'dead_letters', selection, dryRun);
    response.status(dryRun ? 200 : 202);
    return dryRun ? { ...result, dryRun } : result;
  }
}
