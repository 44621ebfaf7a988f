import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '@herald/http-api';
import {
  AlertingPrincipalGuard,
  CallerOf,
  type Caller,
} from '../destinations/alerting-principal.guard.js';
import { AlertStore } from './alert-store.js';

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/**
 * `GET /v1/alerts?limit=50` — the caller's latest alerts, newest first, each
 * with its status and its deliveries to the caller's destinations (a tenant
 * sees its own alerts; the operators see every tenant's, with their own
 * destination's deliveries).
 */
@Controller('v1/alerts')
@UseGuards(AlertingPrincipalGuard)
export class AlertsController {
  constructor(private readonly store: AlertStore) {}

  @Get()
  async list(@CallerOf() caller: Caller, @Query() query: unknown) {
    const { limit } = parseInput(querySchema, query);
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
