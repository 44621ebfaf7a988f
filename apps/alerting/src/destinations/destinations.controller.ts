import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import type { ApiKeyRole } from '@herald/contracts';
import { forbidden, notFound, parseInput } from '@herald/http-api';
import type { DestinationView } from './destination.js';
import { createDestinationSchema, updateDestinationSchema } from './destination-input.js';
import { AlertingPrincipalGuard, CallerOf, type Caller } from './alerting-principal.guard.js';
import { DestinationsService, type TestResult } from './destinations.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Roles that may change destinations (a viewer only reads). */
const WRITE_ROLES: readonly ApiKeyRole[] = ['admin', 'configurator'];

/**
 * Alert destinations, per tenant (API key) and one for the platform's
 * operators (`HERALD_ADMIN_TOKEN`). Tokens appear in a response only when
 * created or rotated. Writes need a role other than viewer.
 *
 * - `POST /v1/alert-destinations` `{url, kinds?, enabled?, description?}` → 201 with `token`
 * - `GET /v1/alert-destinations`, `GET /v1/alert-destinations/:id`
 * - `PATCH /v1/alert-destinations/:id` `{url?, kinds?, enabled?, description?}`
 * - `DELETE /v1/alert-destinations/:id` → 204
 * - `POST /v1/alert-destinations/:id/token/rotate` → the new `token`
 * - `POST /v1/alert-destinations/:id/test` → what the destination answered
 */
@Controller('v1/alert-destinations')
@UseGuards(AlertingPrincipalGuard)
export class DestinationsController {
  constructor(private readonly destinations: DestinationsService) {}

  @Post()
  create(@CallerOf() caller: Caller, @Body() body: unknown) {
    writer(caller);
    return this.destinations.create(caller, parseInput(createDestinationSchema, body));
  }

  @Get()
  async list(@CallerOf() caller: Caller): Promise<{ data: DestinationView[] }> {
    return { data: await this.destinations.list(caller) };
  }

  @Get(':id')
  get(@CallerOf() caller: Caller, @Param('id') id: string): Promise<DestinationView> {
    return this.destinations.get(caller, known(id));
  }

  @Patch(':id')
  update(@CallerOf() caller: Caller, @Param('id') id: string, @Body() body: unknown) {
    writer(caller);
    return this.destinations.update(caller, known(id), parseInput(updateDestinationSchema, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CallerOf() caller: Caller, @Param('id') id: string): Promise<void> {
    writer(caller);
    await this.destinations.remove(caller, known(id));
  }

  @Post(':id/token/rotate')
  @HttpCode(200)
  rotate(@CallerOf() caller: Caller, @Param('id') id: string) {
    writer(caller);
    return this.destinations.rotateToken(caller, known(id));
  }

  @Post(':id/test')
  @HttpCode(200)
  test(@CallerOf() caller: Caller, @Param('id') id: string): Promise<TestResult> {
    writer(caller);
    return this.destinations.test(caller, known(id));
  }
}

function writer(caller: Caller): void {
  if (!WRITE_ROLES.includes(caller.role)) {
    throw forbidden(`an API key with role "${caller.role}" cannot change alert destinations`);
  }
}

function known(id: string): string {
  if (!UUID.test(id)) throw notFound(`alert destination "${id}"`);
  return id;
}
