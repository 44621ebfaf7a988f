import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission, type Permission } from '@herald/api-auth';
import { TenantKeyGuard } from './tenant-key.guard.js';

/**
 * A controller of the tenant API at `path`: every route answers to a tenant's
 * API key or portal session (`TenantKeyGuard`, which also checks the route's
 * `@RequirePermission`), and the API docs list it under `tag`.
 */
export const TenantApi = (path: string, tag: string) =>
  applyDecorators(Controller(path), UseGuards(TenantKeyGuard), ApiTags(tag));

/**
 * A tenant-API operation: its id and summary (and longer description, if any)
 * in the API docs, and the permission the caller's role needs
 * (`@RequirePermission`, which the route's key guard enforces).
 */
export const TenantOperation = (
  permission: Permission,
  operationId: string,
  summary: string,
  description?: string,
) =>
  applyDecorators(
    ApiOperation(
      description === undefined ? { operationId, summary } : { operationId, summary, description },
    ),
    RequirePermission(permission),
  );
