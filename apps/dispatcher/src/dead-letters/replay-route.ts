import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse, type ApiOperationOptions } from '@nestjs/swagger';
import { ApiErrors, BODY_ERRORS, type ErrorCase } from '@herald/http-api';
import { RequirePermission } from '@herald/api-auth';
import { replayCountedSchema, replayStartedSchema } from './dead-letter.docs.js';
import { REPLAY_LIMIT } from './replay.errors.docs.js';

/**
 * A route that starts a replay job, or with `dryRun` only counts what it
 * would replay (bulk replay and endpoint recovery): it needs
 * `deliveries:replay`, answers 200 when counted and 202 when started, and
 * besides its own errors refuses a bad body and a tenant at its replay limit.
 */
export const ReplayRoute = (operation: ApiOperationOptions, ...errors: ErrorCase[]) =>
  applyDecorators(
    ApiOperation(operation),
    RequirePermission('deliveries:replay'),
    ApiResponse({
      status: 200,
      standardSchema: replayCountedSchema,
      description: 'dry run: counted',
    }),
    ApiResponse({ status: 202, standardSchema: replayStartedSchema, description: 'job started' }),
    ApiErrors(...BODY_ERRORS, ...errors, REPLAY_LIMIT),
  );
