import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse, type ApiOperationOptions } from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiErrors, invalidInput } from './api-errors.decorator.js';

/**
 * Documents a route that lists records a page at a time: its operation, the
 * page it answers and the 400 a filter that does not parse gets (shown with an
 * unreadable `since`, a filter every list has).
 */
export const ApiPageRoute = (operation: ApiOperationOptions, page: z.ZodType, filters: z.ZodType) =>
  applyDecorators(
    ApiOperation(operation),
    ApiResponse({ status: 200, standardSchema: page, description: 'one page' }),
    ApiErrors(invalidInput(filters, { since: 'yesterday' }, 'a filter is invalid')),
  );
