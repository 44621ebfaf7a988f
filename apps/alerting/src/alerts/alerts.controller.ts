import { applyDecorators, Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ADMIN_TOKEN_SCHEME, ApiErrors, invalidInput, ValidQuery } from '@herald/http-api';
import { RequirePermission } from '@herald/api-auth';
import {
  AlertingPrincipalGuard,
  CallerOf,
  type Caller,
} from '../destinations/alerting-principal.guard.js';
import { alertListSchema } from '../destinations/destination.schemas.js';
import { AlertStore } from './alert-store.js';

const querySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .meta({ description: 'How many of the latest alerts.' }),
});

/**
 * `GET /v1/alerts?limit=50` — the caller's latest alerts, newest first, each
 * with its status and its deliveries to the caller's destinations (a tenant
 * sees its own alerts; the operators see every tenant's, with their own
 * destination's deliveries).
 */
@Controller('v1/alerts')
@UseGuards(AlertingPrincipalGuard)
@ApiTags('alerts')
export class AlertsController {
  constructor(private readonly store: AlertStore) {}

  @Get()
  @ApiOperation({
    operationId: 'listAlerts',
    summary: 'Latest alerts and where they were delivered',
    description:
      "A tenant API key lists the tenant's alerts with their deliveries to its destinations; " +
      "the admin token lists every tenant's, with the operators' destination's deliveries.",
  })
  @applyDecorators(ApiSecurity(ADMIN_TOKEN_SCHEME), RequirePermission('read'))
  @ApiResponse({ status: 200, standardSchema: alertListSchema, description: 'the alerts' })
  @ApiErrors(invalidInput(querySchema, { limit: '0' }, '`limit` is not 1 to 500'))
  async list(
    @CallerOf() caller: Caller,
    @ValidQuery(querySchema) { limit }: z.infer<typeof querySchema>,
  ) {
    const rows = await this.store.recent(caller, limit);
    return {
      data: rows.map((row) => ({
        id: row.alert_id,
        kind: row.kind,
        status: row.status,
        createdAt: row.created_at.toISOString(),
        signal: row.payload,
        deliveries: row.deliveries,
      })),
    };
  }
}
