import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TenantKeyGuard } from './tenant-key.guard.js';

/**
 * A controller of the tenant API at `path`: every route answers to a tenant's
 * API key or portal session (`TenantKeyGuard`, which also checks the route's
 * `@RequirePermission`), and the API docs list it under `tag`.
 */
export const TenantApi = (path: string, tag: string) =>
  applyDecorators(Controller(path), UseGuards(TenantKeyGuard), ApiTags(tag));
