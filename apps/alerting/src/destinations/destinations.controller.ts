import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import {
  ADMIN_TOKEN_SCHEME,
  ApiErrors,
  BODY_ERRORS,
  conflict,
  invalidInput,
  notFound,
  ValidBody,
} from '@herald/http-api';
import { RequirePermission, type Permission } from '@herald/api-auth';
import { AlertingPrincipalGuard, CallerOf, type Caller } from './alerting-principal.guard.js';
import type { DestinationView } from './destination.js';
import { createDestinationSchema, updateDestinationSchema } from './destination-input.js';
import {
  destinationListSchema,
  destinationSchema,
  destinationWithTokenSchema,
  testResultSchema,
} from './destination.schemas.js';
import { DestinationsService, type TestResult } from './destinations.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const unknownDestination = (id: string) => notFound(`alert destination "${id}"`);
const missing = {
  error: unknownDestination('0b8e8f3c-7d4a-4b8e-9c3f-2a1d5e6f7a80'),
  when: "no destination with this id of the caller's",
};
const destinationParam = ApiParam({ name: 'id', description: 'Alert destination id (UUID).' });

/** A tenant API key whose role has `permission`, or the operators' admin token. */
const CallerAuth = (permission: Permission) =>
  applyDecorators(ApiSecurity(ADMIN_TOKEN_SCHEME), RequirePermission(permission));

const CALLERS =
  'With a tenant API key it concerns that tenant’s destinations; with the admin token ' +
  '(`HERALD_ADMIN_TOKEN`) the operators’ destination, which receives every tenant’s alerts.';

/**
 * Alert destinations, per tenant (API key) and one for the platform's
 * operators (`HERALD_ADMIN_TOKEN`). Tokens appear in a response only when
 * created or rotated. Permissions: `read` to read, `endpoints:write` to
 * change, `endpoints:test` to send a test.
 */
@Controller('v1/alert-destinations')
@UseGuards(AlertingPrincipalGuard)
@ApiTags('alert destinations')
export class DestinationsController {
  constructor(private readonly destinations: DestinationsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createAlertDestination',
    summary: 'Add a webhook that receives alerts',
    description: `The response carries the token, shown this once. ${CALLERS}`,
  })
  @CallerAuth('endpoints:write')
  @ApiResponse({ status: 201, standardSchema: destinationWithTokenSchema, description: 'created' })
  @ApiErrors(
    ...BODY_ERRORS,
    invalidInput(createDestinationSchema, { url: 'https://ops.example.com', kinds: ['nope'] }),
    {
      error: conflict('the operators already have an alert destination'),
      when: 'a second operators’ destination',
    },
  )
  create(
    @CallerOf() caller: Caller,
    @ValidBody(createDestinationSchema) body: z.infer<typeof createDestinationSchema>,
  ) {
    return this.destinations.create(caller, body);
  }

  @Get()
  @ApiOperation({
    operationId: 'listAlertDestinations',
    summary: "List the caller's alert destinations",
    description: CALLERS,
  })
  @CallerAuth('read')
  @ApiResponse({
    status: 200,
    standardSchema: destinationListSchema,
    description: 'the destinations',
  })
  async list(@CallerOf() caller: Caller): Promise<{ data: DestinationView[] }> {
    return { data: await this.destinations.list(caller) };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getAlertDestination',
    summary: 'Read one alert destination (without its token)',
  })
  @destinationParam
  @CallerAuth('read')
  @ApiResponse({ status: 200, standardSchema: destinationSchema, description: 'the destination' })
  @ApiErrors(missing)
  get(@CallerOf() caller: Caller, @Param('id') id: string): Promise<DestinationView> {
    return this.destinations.get(caller, known(id));
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateAlertDestination',
    summary: 'Change an alert destination: URL, kinds, on/off switch, description',
  })
  @destinationParam
  @CallerAuth('endpoints:write')
  @ApiResponse({ status: 200, standardSchema: destinationSchema, description: 'updated' })
  @ApiErrors(...BODY_ERRORS, invalidInput(updateDestinationSchema, {}), missing, {
    error: conflict('this destination’s URL is set by HERALD_ALERT_WEBHOOK_URL'),
    when: 'changing the URL of the destination the environment defines',
  })
  update(
    @CallerOf() caller: Caller,
    @Param('id') id: string,
    @ValidBody(updateDestinationSchema) body: z.infer<typeof updateDestinationSchema>,
  ) {
    return this.destinations.update(caller, known(id), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteAlertDestination', summary: 'Remove an alert destination' })
  @destinationParam
  @CallerAuth('endpoints:write')
  @ApiResponse({ status: 204, description: 'removed; it receives nothing more' })
  @ApiErrors(missing, {
    error: conflict('this destination is set by HERALD_ALERT_WEBHOOK_URL; unset it to remove it'),
    when: 'the destination the environment defines',
  })
  async remove(@CallerOf() caller: Caller, @Param('id') id: string): Promise<void> {
    await this.destinations.remove(caller, known(id));
  }

  @Post(':id/token/rotate')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateAlertDestinationToken',
    summary: 'Replace the token',
    description: 'The new token is shown this once; the old one stops at once.',
  })
  @destinationParam
  @CallerAuth('endpoints:write')
  @ApiResponse({ status: 200, standardSchema: destinationWithTokenSchema, description: 'rotated' })
  @ApiErrors(missing, {
    error: conflict('this destination’s token is set by HERALD_ALERT_TOKEN'),
    when: 'the destination the environment defines',
  })
  rotate(@CallerOf() caller: Caller, @Param('id') id: string) {
    return this.destinations.rotateToken(caller, known(id));
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'testAlertDestination',
    summary: 'Send a test alert and report what the destination answered',
    description:
      'A `test` alert goes through alert.v1 to this destination only, signed like any alert, ' +
      'and is tried once. The answer waits for the destination (at most the alert timeout).',
  })
  @destinationParam
  @CallerAuth('endpoints:test')
  @ApiResponse({ status: 200, standardSchema: testResultSchema, description: 'the outcome' })
  @ApiErrors(missing, {
    error: conflict('the destination is switched off: enable it to send a test alert'),
    when: 'the destination is switched off',
  })
  test(@CallerOf() caller: Caller, @Param('id') id: string): Promise<TestResult> {
    return this.destinations.test(caller, known(id));
  }
}

function known(id: string): string {
  if (!UUID.test(id)) throw unknownDestination(id);
  return id;
}
